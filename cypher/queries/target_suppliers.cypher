// The target region's enterprises in each link of a chain that may depend on their suppliers
// from the links that feed it (FEEDS): those with a single supplier, or with suppliers only
// outside the target region (the rule is `dependency` in src/queries/lists.rs; this only
// leaves out the firms it cannot flag, which at the region's size are nearly all of them).
// Region membership is tested on region codes, collected once. $synthetic (null = either)
// keeps only real or only synthetic firms and suppliers.
MATCH (:Region {code: $target})<-[:PART_OF*0..3]-(t:Region)
WITH collect(t.code) AS codes
MATCH (:Chain {id: $chain})-[:HAS_SEGMENT]->(s:Segment)<-[:OPERATES_IN]-(e:Enterprise)
WHERE e.region_code IN codes
  AND ($synthetic IS NULL OR coalesce(e.synthetic, false) = $synthetic)
CALL (e, s, codes) {
  MATCH (sup:Organisation)-[r:SUPPLIES]->(e)
  WHERE EXISTS { (sup)-[:OPERATES_IN]->(:Segment)-[:FEEDS]->(s) }
    AND ($synthetic IS NULL OR coalesce(sup.synthetic, false) = $synthetic)
  RETURN collect({
    id: sup.id, name_zh: sup.name_zh, region_code: sup.region_code, product: r.product,
    in_target: sup.region_code IN codes
  }) AS suppliers
}
WITH s, e, suppliers
WHERE size(suppliers) > 0
  AND (all(x IN suppliers WHERE x.id = suppliers[0].id) OR none(x IN suppliers WHERE x.in_target))
RETURN s.id AS link, e {.id, .name_zh, .region_code} AS firm, suppliers
ORDER BY s.position, e.id
