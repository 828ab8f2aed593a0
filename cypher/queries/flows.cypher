// Relationships from organisations in the $from region's subtree to organisations in the $to
// region's subtree, with the chains of the receiving side, plus relocations out of $from into
// $to. The relationship types are fixed here: the four flows the indicator counts.
CALL () {
  // Start from the organisations of the $from subtree rather than from every relationship.
  MATCH (:Region {code: $from})<-[:PART_OF*0..3]-(:Region)<-[:LOCATED_IN]-(a:Organisation)
  MATCH (a)-[r:TRANSFERS_TECHNOLOGY|SUPPLIES|INVESTS_IN]->(b:Organisation)
  WHERE EXISTS { (b)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(:Region {code: $to}) }
    AND ($verified IS NULL OR coalesce(r.verified, false) = $verified)
  OPTIONAL MATCH (b)-[:OPERATES_IN]->(s:Segment)
  WITH r, collect(DISTINCT s.chain_id) AS chains
  RETURN type(r) AS type, coalesce(r.year, r.valid_from) AS year, chains
  UNION ALL
  MATCH (o:Organisation)-[r:RELOCATED_FROM]->(:Region)-[:PART_OF*0..3]->(:Region {code: $from})
  WHERE EXISTS { (o)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(:Region {code: $to}) }
    AND ($verified IS NULL OR coalesce(r.verified, false) = $verified)
  OPTIONAL MATCH (o)-[:OPERATES_IN]->(s:Segment)
  WITH r, collect(DISTINCT s.chain_id) AS chains
  RETURN type(r) AS type, r.year AS year, chains
}
RETURN type, year, chains
