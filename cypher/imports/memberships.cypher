// Declares chain-link memberships from $rows ({id, segment, role, products, since, until}). Each is a change
// to its enterprise: a new version, and one by anyone but a curator needs verifying again.
UNWIND $rows AS row
// By Organisation, whose id is indexed (Enterprise.id is not).
MATCH (o:Organisation {id: row.id}), (s:Segment {id: row.segment})
WHERE o:Enterprise
MERGE (o)-[m:OPERATES_IN]->(s)
SET m.role = row.role, m.products = row.products, m.since = row.since, m.until = row.until,
    m.segment_id = s.id, m.link_id = coalesce(s.parent_id, s.id), m.org_id = o.id,
    o.updated_at = datetime(), o.version = coalesce(o.version, 0) + 1,
    o.verified = CASE WHEN $curator THEN o.verified ELSE false END
