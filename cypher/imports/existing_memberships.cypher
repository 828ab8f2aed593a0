// The chain-link memberships these rows name ($rows: {id, segment}), with what they say now.
UNWIND $rows AS wanted
MATCH (:Enterprise {id: wanted.id})-[m:OPERATES_IN]->(:Segment {id: wanted.segment})
RETURN wanted.id AS id, wanted.segment AS segment, m.role AS role,
       coalesce(m.products, []) AS products
