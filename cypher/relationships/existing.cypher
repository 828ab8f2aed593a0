// Stored properties of the relationships with these ids, of one type (__REL__).
UNWIND $ids AS wanted
MATCH ()-[r:__REL__ {id: wanted}]->()
RETURN r.id AS id, properties(r) AS props
