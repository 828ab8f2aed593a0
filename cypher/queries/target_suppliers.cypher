// The target region's enterprises in each link of a chain (each sub-link, with $level =
// 'sub_link'), each with its suppliers from the links that feed it (FEEDS) and how many supply
// relationships each supplier has with it. A link's firms include its sub-links' firms. A
// supplier feeds the firm when one of its links or sub-links — or the link that sub-link
// belongs to — FEEDS the segment the firm is placed in or that segment's link. Every firm with
// at least one such supplier is returned: its supplier concentration and origins are scored in
// Rust (src/queries/lists/bottlenecks.rs). Region membership is tested on region codes,
// collected once. $synthetic (null = either) keeps only real or only synthetic firms and
// suppliers. With $as_of, only supplies known to hold that year count (as in flows.cypher).
MATCH (:Region {code: $target})<-[:PART_OF|ALSO_PART_OF*0..3]-(t:Region)
WITH collect(DISTINCT t.code) AS codes
// A firm's segments are gathered link by link: grouping every target firm of the chain at once
// (with the region's codes in each group's key) exhausted Neo4j's transaction memory at 100,000
// firms.
MATCH (:Chain {id: $chain})-[:HAS_SEGMENT]->(l:Segment)
CALL (l, codes) {
  MATCH (l)-[:HAS_SUB_LINK*0..1]->(placed:Segment)<-[:OPERATES_IN]-(e:Enterprise)
  WHERE e.region_code IN codes
    AND ($synthetic IS NULL OR coalesce(e.synthetic, false) = $synthetic)
  WITH e, CASE WHEN $level = 'sub_link' THEN placed ELSE l END AS s, collect(placed) AS fed
  RETURN e, s, fed
}
CALL (e, fed, l, codes) {
  MATCH (sup:Organisation)-[r:SUPPLIES]->(e)
  WHERE EXISTS {
      (sup)-[:OPERATES_IN]->(:Segment)<-[:HAS_SUB_LINK*0..1]-(:Segment)-[:FEEDS]->(y:Segment)
      WHERE y = l OR y IN fed
    }
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
ORDER BY s.position, coalesce(s.sub_position, -1), s.id, e.id
