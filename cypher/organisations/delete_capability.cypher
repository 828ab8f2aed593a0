// Withdraws a capability; a member's change needs verifying again ($curator false).
MATCH (o:Organisation {id: $id})-[c:CAPABLE_IN]->(:Segment {id: $segment})
WHERE o.kind = $kind
DELETE c
SET o.updated_at = datetime(), o.version = coalesce(o.version, 0) + 1,
    o.verified = CASE WHEN $curator THEN o.verified ELSE false END
