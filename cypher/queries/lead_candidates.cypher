// What ranks each investment-lead candidate ($ids): the distinct enterprises of the target
// region it supplies, how many of those are chain leaders, how many customers it has anywhere,
// and whether it holds technology from an R&D source in the origin province ($origin, Beijing):
// a transfer or an incubation ($rd_types, from the Rust RelKind enum) from an organisation of
// kind $rd_kind. Region membership is tested on the codes of the target's subtree, collected
// once. $synthetic (null = either) counts only real or only synthetic customers. With $as_of,
// only relationships known to hold that year.
MATCH (:Region {code: $target})<-[:PART_OF|ALSO_PART_OF*0..3]-(t:Region)
WITH collect(DISTINCT t.code) AS codes
UNWIND $ids AS wanted
MATCH (o:Organisation {id: wanted})
CALL (o, codes) {
  OPTIONAL MATCH (o)-[s:SUPPLIES]->(c:Organisation)
  WHERE ($synthetic IS NULL OR coalesce(c.synthetic, false) = $synthetic)
    AND ($as_of IS NULL OR (coalesce(s.year, s.valid_from) <= $as_of AND coalesce(s.valid_to, $as_of) >= $as_of))
  WITH DISTINCT c
  RETURN count(c) AS customers_total,
         count(CASE WHEN c.region_code IN codes THEN c END) AS customers,
         count(CASE WHEN c.region_code IN codes AND 'chain_leader' IN coalesce(c.tags, [])
                    THEN c END) AS leaders
}
RETURN wanted AS id, customers, customers_total, leaders,
       EXISTS {
         MATCH (rd:Organisation)-[r]->(o)
         WHERE type(r) IN $rd_types AND rd.kind = $rd_kind
           AND left(rd.region_code, 2) = left($origin, 2)
           AND ($as_of IS NULL OR (coalesce(r.year, r.valid_from) <= $as_of AND coalesce(r.valid_to, $as_of) >= $as_of))
       } AS origin_rd
