// Records changes made by one caller, inside the transaction that makes them: one for a
// single write, many for an import batch.
UNWIND $changes AS c
CREATE (:Change {id: c.id, target_id: c.target_id, target_kind: c.target_kind, action: c.action,
                 at: datetime(), by_key: $by_key, by_owner: $by_owner, changes: c.changes})
