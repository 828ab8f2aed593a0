// How many relationships each organisation of the chain has with other organisations of the
// chain ($types: the organisation-to-organisation types, from the Rust RelKind enum), counted
// at both ends. Starting from the chain's links keeps the search to the chain's own
// organisations instead of every relationship; counting here keeps the answer to one row per
// organisation instead of one per relationship (a hundred thousand at the region's size). With
// $as_of, only relationships known to hold that year.
MATCH (:Segment {chain_id: $chain})<-[:OPERATES_IN]-(a:Organisation)
WHERE $synthetic IS NULL OR coalesce(a.synthetic, false) = $synthetic
WITH DISTINCT a
MATCH (a)-[r]->(b:Organisation)
WHERE type(r) IN $types AND EXISTS { (b)-[:OPERATES_IN]->(:Segment {chain_id: $chain}) }
  AND ($synthetic IS NULL OR coalesce(b.synthetic, false) = $synthetic)
  AND ($as_of IS NULL OR (coalesce(r.year, r.valid_from) <= $as_of AND coalesce(r.valid_to, $as_of) >= $as_of))
UNWIND [a.id, b.id] AS end
RETURN end AS id, count(*) AS n
