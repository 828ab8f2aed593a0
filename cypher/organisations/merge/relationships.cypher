// Merging: every relationship (reverse twins too) of the duplicate ($duplicate) and of the
// survivor ($survivor), with what tells two of them apart as the same fact: type, direction,
// the other end, and what passes along it (product, technology, topic).
UNWIND [$duplicate, $survivor] AS id
MATCH (o:Organisation {id: id})-[r]-(other)
WHERE r.id IS NOT NULL
RETURN id AS of, r.id AS id, type(r) AS type, startNode(r) = o AS outgoing,
       coalesce(other.id, other.code) AS other, r.product AS product,
       r.technology AS technology, r.topic AS topic, r.source AS source
ORDER BY of, id, type
