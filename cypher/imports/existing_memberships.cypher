// The chain-link memberships these rows name ($rows: {id, segment}), with what they say now.
UNWIND $rows AS wanted
MATCH (o:Organisation {id: wanted.id})-[m:OPERATES_IN]->(:Segment {id: wanted.segment})
WHERE o:Enterprise
RETURN wanted.id AS id, wanted.segment AS segment, m.role AS role,
       coalesce(m.products, []) AS products, m.since AS since, m.until AS until
