// The affected organisations of an impact analysis ($ids; $hit = them and the stopped firm):
// what each is, its province, its chains, the products it buys from a hit supplier (lost) and,
// of those, the ones only hit suppliers deliver to it (without an alternative).
UNWIND $ids AS id
MATCH (d:Organisation {id: id})
OPTIONAL MATCH (:Region {code: d.region_code})-[:PART_OF*0..3]->(prov:Region {level: 'province'})
CALL (d) {
  OPTIONAL MATCH (s:Organisation)-[r:SUPPLIES]->(d)
  WITH coalesce(r.product, '') AS product, s.id IN $hit AS from_hit
  WHERE from_hit IS NOT NULL
  // Per product: is any supplier of it hit, and are all of them?
  WITH product, max(from_hit) AS any_hit, min(from_hit) AS all_hit
  RETURN collect(CASE WHEN any_hit THEN product END) AS lost,
         collect(CASE WHEN all_hit THEN product END) AS without_alternative
}
CALL (d) {
  OPTIONAL MATCH (d)-[:OPERATES_IN]->(seg:Segment)
  RETURN collect(DISTINCT seg.chain_id) AS chains
}
RETURN d {.id, .name_zh, .region_code, .kind} AS firm, prov.code AS province, chains, lost,
       without_alternative
