CREATE (:Change {id: $id, target_id: $target_id, target_kind: $target_kind, action: $action,
                 at: datetime(), by_key: $by_key, by_owner: $by_owner, changes: $changes})
