// Declares a chain link; a member's declaration needs verifying again ($curator false).
MATCH (o:Organisation {id: $id}), (s:Segment {id: $segment})
WHERE o:Enterprise
MERGE (o)-[m:OPERATES_IN]->(s)
SET m.role = $role, m.products = $products, m.since = $since, m.until = $until,
    m.segment_id = s.id, m.link_id = coalesce(s.parent_id, s.id), m.org_id = o.id
SET o.updated_at = datetime(), o.version = coalesce(o.version, 0) + 1,
    o.verified = CASE WHEN $curator THEN o.verified ELSE false END
