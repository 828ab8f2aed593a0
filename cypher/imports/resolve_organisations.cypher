// Import rows name organisations by id or (enterprises) by USCC.
UNWIND $refs AS ref
OPTIONAL MATCH (o:Organisation {id: ref})
OPTIONAL MATCH (e:Enterprise {uscc: ref})
WITH ref, coalesce(o, e) AS org
WHERE org IS NOT NULL
RETURN ref, org.id AS id, coalesce(org.owner, 'admin') AS owner, org.kind AS kind
