// Withdraws a chain link; a member's change needs verifying again ($curator false).
MATCH (o:Organisation {id: $id})-[m:OPERATES_IN]->(:Segment {id: $segment})
WHERE o:Enterprise
DELETE m
SET o.updated_at = datetime(), o.version = coalesce(o.version, 0) + 1,
    o.verified = CASE WHEN $curator THEN o.verified ELSE false END
