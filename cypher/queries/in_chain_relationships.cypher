// Relationships between two organisations that both operate in the chain ($types: the
// organisation-to-organisation types, from the Rust RelKind enum).
MATCH (a:Organisation)-[r]->(b:Organisation)
WHERE type(r) IN $types
  AND EXISTS { (a)-[:OPERATES_IN]->(:Segment {chain_id: $chain}) }
  AND EXISTS { (b)-[:OPERATES_IN]->(:Segment {chain_id: $chain}) }
RETURN a.id AS a, b.id AS b
