// A member's dispute of a record: open until a curator decides on the record.
CREATE (:Dispute {id: $id, target_kind: $kind, target_id: $target_id, reason: $reason,
                  by_key: $by_key, by_owner: $by_owner, status: 'open', at: datetime()})
