// Stored properties of the relationships with these ids ($rows: {id, source_id}), each found
// from its source organisation.
UNWIND $rows AS wanted
MATCH (:Organisation {id: wanted.source_id})-[r]->()
WHERE r.id = wanted.id
RETURN r.id AS id, properties(r) AS props
