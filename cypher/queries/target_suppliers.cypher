// The target region's enterprises in each link of a chain, each with its suppliers from the
// links that feed it (FEEDS) and how many supply relationships each supplier has with it. Every
// firm with at least one such supplier is returned: its supplier concentration and origins are
// scored in Rust (src/queries/lists/bottlenecks.rs). Region membership is tested on region
// codes, collected once. $synthetic (null = either) keeps only real or only synthetic firms and
// suppliers. With $as_of, only supplies known to hold that year count (as in flows.cypher).
MATCH (:Region {code: $target})<-[:PART_OF|ALSO_PART_OF*0..3]-(t:Region)
WITH collect(DISTINCT t.code) AS codes
MATCH (:Chain {id: $chain})-[:HAS_SEGMENT]->(s:Segment)<-[:OPERATES_IN]-(e:Enterprise)
WHERE e.region_code IN codes
  AND ($synthetic IS NULL OR coalesce(e.synthetic, false) = $synthetic)
CALL (e, s, codes) {
  MATCH (sup:Organisation)-[r:SUPPLIES]->(e)
  WHERE EXISTS { (sup)-[:OPERATES_IN]->(:Segment)-[:FEEDS]->(s) }
    AND ($synthetic IS NULL OR coalesce(sup.synthetic, false) = $synthetic)
    AND ($as_of IS NULL OR (coalesce(r.year, r.valid_from) <= $as_of AND coalesce(r.valid_to, $as_of) >= $as_of))
  WITH sup, collect(r.product) AS products, count(r) AS n, codes
  ORDER BY sup.id
  RETURN collect({
    id: sup.id, name_zh: sup.name_zh, region_code: sup.region_code, product: products[0],
    relationships: n, in_target: sup.region_code IN codes
  }) AS suppliers
}
WITH s, e, suppliers
WHERE size(suppliers) > 0
RETURN s.id AS link, e.id AS firm, suppliers
ORDER BY s.position, e.id
