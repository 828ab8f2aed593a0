// Merging: the duplicate's other relationships ($moves: {id, type, outgoing}; types from
// RelKind, reverse twins included) move to the survivor as they are — id, properties and
// direction kept — so links to them in files and tools still hold. Each goes before its copy
// is made: a relationship's id is unique in its type.
UNWIND $moves AS m
MATCH (d:Organisation {id: $duplicate})-[r:$(m.type) {id: m.id}]-(other)
WHERE (startNode(r) = d) = m.outgoing
MATCH (s:Organisation {id: $survivor})
WITH m, s, other, r, properties(r) AS props
DELETE r
WITH m, s, other, props
FOREACH (_ IN CASE WHEN m.outgoing THEN [1] ELSE [] END |
  CREATE (s)-[n:$(m.type)]->(other) SET n = props)
FOREACH (_ IN CASE WHEN m.outgoing THEN [] ELSE [1] END |
  CREATE (other)-[n:$(m.type)]->(s) SET n = props)
