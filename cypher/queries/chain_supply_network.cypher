// The chain's supply network: every SUPPLIES relationship between two organisations operating
// in the chain, counted per pair (supplier, customer). $synthetic (null = either) keeps only
// real or only synthetic organisations. With $as_of, only supplies known to hold that year.
MATCH (:Segment {chain_id: $chain})<-[:OPERATES_IN]-(a:Organisation)
WHERE $synthetic IS NULL OR coalesce(a.synthetic, false) = $synthetic
WITH DISTINCT a
MATCH (a)-[r:SUPPLIES]->(b:Organisation)
WHERE EXISTS { (b)-[:OPERATES_IN]->(:Segment {chain_id: $chain}) }
  AND ($synthetic IS NULL OR coalesce(b.synthetic, false) = $synthetic)
  AND ($as_of IS NULL OR (coalesce(r.year, r.valid_from) <= $as_of AND coalesce(r.valid_to, $as_of) >= $as_of))
RETURN a.id AS supplier, b.id AS customer, count(r) AS n
