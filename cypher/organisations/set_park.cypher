MATCH (o:Organisation {id: $id})
OPTIONAL MATCH (o)-[old:IN_PARK]->(:Park)
DELETE old
WITH DISTINCT o
OPTIONAL MATCH (p:Park {id: $park})
FOREACH (park IN CASE WHEN p IS NULL THEN [] ELSE [p] END | MERGE (o)-[:IN_PARK]->(park))
