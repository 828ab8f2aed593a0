// The organisations an impact analysis reached ($ids), judged against the organisations already
// disrupted ($hit, the stopped firm first): what each is, its province, its chains, and for
// every product it buys, how many distinct suppliers deliver it and how many of them are hit;
// and which hit suppliers it buys from (how the disruption reached it).
UNWIND $ids AS id
MATCH (d:Organisation {id: id})
OPTIONAL MATCH (:Region {code: d.region_code})-[:PART_OF*0..3]->(prov:Region {level: 'province'})
CALL (d) {
  OPTIONAL MATCH (s:Organisation)-[r:SUPPLIES]->(d)
  WITH coalesce(r.product, '') AS product, s
  WHERE s IS NOT NULL
  WITH product, count(DISTINCT s) AS suppliers,
       count(DISTINCT CASE WHEN s.id IN $hit THEN s END) AS hit
  RETURN collect({product: product, suppliers: suppliers, hit: hit}) AS inputs
}
CALL (d) {
  OPTIONAL MATCH (s:Organisation)-[:SUPPLIES]->(d)
  WHERE s.id IN $hit
  RETURN collect(DISTINCT s.id) AS via
}
CALL (d) {
  OPTIONAL MATCH (d)-[:OPERATES_IN]->(seg:Segment)
  RETURN collect(DISTINCT seg.chain_id) AS chains
}
RETURN d {.id, .name_zh, .region_code, .kind} AS firm, prov.code AS province, chains, inputs, via
