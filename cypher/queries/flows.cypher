// Relationships from organisations in the $from region's subtree to organisations in the $to
// region's subtree, with the chains of the receiving side, plus relocations out of $from into
// $to, counted by type, year and chains. The relationship types are fixed here: the four flows
// the indicator counts. The codes of the $to subtree are collected once, so each relationship's
// far end is tested by its region_code (written with its LOCATED_IN) instead of walking the
// hierarchy, or its relationships, again. Subtrees follow ALSO_PART_OF too (Xiong'an's counties
// count with Baoding as well), each region once.
MATCH (:Region {code: $to})<-[:PART_OF|ALSO_PART_OF*0..3]-(t:Region)
WITH collect(DISTINCT t.code) AS targets
CALL (targets) {
  // Start from the organisations of the $from subtree rather than from every relationship.
  MATCH (:Region {code: $from})<-[:PART_OF|ALSO_PART_OF*0..3]-(g:Region)
  WITH DISTINCT g, targets
  MATCH (g)<-[:LOCATED_IN]-(a:Organisation)
  MATCH (a)-[r:TRANSFERS_TECHNOLOGY|SUPPLIES|INVESTS_IN]->(b:Organisation)
  WHERE b.region_code IN targets
    AND ($verified IS NULL OR coalesce(r.verified, false) = $verified)
    AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)
  RETURN r, b
  UNION ALL
  MATCH (b:Organisation)-[r:RELOCATED_FROM]->(left:Region)
  WHERE b.region_code IN targets
    AND EXISTS { (left)-[:PART_OF|ALSO_PART_OF*0..3]->(:Region {code: $from}) }
    AND ($verified IS NULL OR coalesce(r.verified, false) = $verified)
    AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)
  RETURN r, b
}
// Counted per receiving organisation first, so its chains are looked up once.
WITH b, type(r) AS type, coalesce(r.year, r.valid_from) AS year, count(*) AS n
CALL (b) {
  OPTIONAL MATCH (b)-[:OPERATES_IN]->(s:Segment)
  WITH DISTINCT s.chain_id AS chain ORDER BY chain
  RETURN collect(chain) AS chains
}
RETURN type, year, chains, sum(n) AS n
