// Relationships from organisations in the $from region's subtree to organisations in the $to
// region's subtree, with the chains and city of the receiving side, plus relocations out of
// $from into $to and branches in $to of parents in $from, counted by type, year, chains and
// city. The relationship types are fixed here: the flows the indicator counts. The codes of the
// $to subtree are collected once, so each relationship's far end is tested by its region_code
// (written with its LOCATED_IN) instead of walking the hierarchy, or its relationships, again.
// Subtrees follow ALSO_PART_OF too (Xiong'an's counties count with Baoding as well), each
// region once. With $as_of, only relationships known to hold that year count: their year (or
// valid_from) at most $as_of and valid_to, if any, at least $as_of.
MATCH (:Region {code: $to})<-[:PART_OF|ALSO_PART_OF*0..3]-(t:Region)
WITH collect(DISTINCT t.code) AS targets
CALL (targets) {
  // Start from the organisations of the $from subtree rather than from every relationship.
  MATCH (:Region {code: $from})<-[:PART_OF|ALSO_PART_OF*0..3]-(g:Region)
  WITH DISTINCT g, targets
  MATCH (g)<-[:LOCATED_IN]-(a:Organisation)
  CALL (a, targets) {
    MATCH (a)-[r:TRANSFERS_TECHNOLOGY|SUPPLIES|INVESTS_IN]->(b:Organisation)
    WHERE b.region_code IN targets
    RETURN r, b
    UNION ALL
    MATCH (a)<-[r:BRANCH_OF]-(b:Organisation)
    WHERE b.region_code IN targets
    RETURN r, b
  }
  RETURN r, b
  UNION ALL
  // From the $from region's divisions to the relocations out of them, not from every
  // organisation.
  MATCH (:Region {code: $from})<-[:PART_OF|ALSO_PART_OF*0..3]-(left:Region)
  WITH DISTINCT left, targets
  MATCH (left)<-[r:RELOCATED_FROM]-(b:Organisation)
  WHERE b.region_code IN targets
  RETURN r, b
}
WITH r, b, coalesce(r.year, r.valid_from) AS year
WHERE ($verified IS NULL OR coalesce(r.verified, false) = $verified)
  AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)
  AND ($as_of IS NULL OR (year <= $as_of AND coalesce(r.valid_to, $as_of) >= $as_of))
// Counted per receiving organisation first, so its chains and city are looked up once.
WITH b, type(r) AS type, year, count(*) AS n
CALL (b) {
  OPTIONAL MATCH (b)-[:OPERATES_IN]->(s:Segment)
  WITH DISTINCT s.chain_id AS chain ORDER BY chain
  RETURN collect(chain) AS chains
}
CALL (b) {
  OPTIONAL MATCH (r:Region {code: b.region_code})
  OPTIONAL MATCH (r)-[:PART_OF*0..2]->(city:Region {level: 'city'})
  OPTIONAL MATCH (r)-[:PART_OF*0..3]->(p:Region {level: 'province'})
  RETURN coalesce(city.code, p.code) AS city
}
RETURN type, year, chains, city, sum(n) AS n
