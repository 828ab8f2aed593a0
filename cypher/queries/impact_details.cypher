// The affected organisations of an impact analysis: what each is, where, in which chains, and
// who supplies it what (to tell lost inputs from those another supplier still delivers).
UNWIND $ids AS id
MATCH (d:Organisation {id: id})
OPTIONAL MATCH (d)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(prov:Region {level: 'province'})
CALL (d) {
  OPTIONAL MATCH (s:Organisation)-[r:SUPPLIES]->(d)
  RETURN collect(CASE WHEN s IS NULL THEN null ELSE
    {supplier: s.id, product: coalesce(r.product, '')} END) AS supplied
}
CALL (d) {
  OPTIONAL MATCH (d)-[:OPERATES_IN]->(seg:Segment)
  RETURN collect(DISTINCT seg.chain_id) AS chains
}
RETURN d {.id, .name_zh, .region_code, .kind} AS firm, prov.code AS province, chains, supplied
