// Relationships between two organisations that both operate in the chain ($types: the
// organisation-to-organisation types, from the Rust RelKind enum). Starting from the chain's
// links keeps the search to the chain's own organisations instead of every relationship.
MATCH (:Segment {chain_id: $chain})<-[:OPERATES_IN]-(a:Organisation)
WITH DISTINCT a
MATCH (a)-[r]->(b:Organisation)
WHERE type(r) IN $types AND EXISTS { (b)-[:OPERATES_IN]->(:Segment {chain_id: $chain}) }
RETURN a.id AS a, b.id AS b
