// The target region's enterprises in each link of a chain, with their suppliers from the
// links that feed it (FEEDS), and whether each supplier is itself in the target region.
MATCH (:Chain {id: $chain})-[:HAS_SEGMENT]->(s:Segment)<-[:OPERATES_IN]-(e:Enterprise)
WHERE EXISTS { (e)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(:Region {code: $target}) }
CALL (e, s) {
  OPTIONAL MATCH (sup:Organisation)-[r:SUPPLIES]->(e)
  WHERE EXISTS { (sup)-[:OPERATES_IN]->(:Segment)-[:FEEDS]->(s) }
  RETURN collect(CASE WHEN sup IS NULL THEN null ELSE {
    id: sup.id, name_zh: sup.name_zh, region_code: sup.region_code, product: r.product,
    in_target: EXISTS { (sup)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(:Region {code: $target}) }
  } END) AS suppliers
}
RETURN s.id AS link, e {.id, .name_zh, .region_code} AS firm, suppliers
ORDER BY s.position, e.id
