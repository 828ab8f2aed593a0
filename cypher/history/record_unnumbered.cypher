// record.cypher without the change feed's place (`feed.numbered = false`, `make bench` only):
// what a write cost before the feed, to measure what the place adds.
UNWIND $changes AS c
CREATE (:Change {id: c.id, target_id: c.target_id, record_id: c.target_id,
                 target_kind: c.target_kind, action: c.action, at: datetime(), by_key: $by_key,
                 by_owner: $by_owner, changes: c.changes})
