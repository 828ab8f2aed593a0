// Every link of a chain in order, with the enterprises operating in it: their province, city
// (Hebei's prefecture level; Beijing and Tianjin have none) and whether they lie in the
// $target region's subtree. The chain map and the three lists are computed from this.
MATCH (c:Chain {id: $chain})-[:HAS_SEGMENT]->(s:Segment)
CALL (s) {
  OPTIONAL MATCH (e:Enterprise)-[m:OPERATES_IN]->(s)
  WHERE $verified IS NULL OR e.verified = $verified
  OPTIONAL MATCH (e)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(p:Region {level: 'province'})
  OPTIONAL MATCH (e)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..2]->(city:Region {level: 'city'})
  WITH e, m, p, city WHERE e IS NOT NULL
  RETURN collect({
    id: e.id, name_zh: e.name_zh, name_en: e.name_en, region_code: e.region_code,
    province: p.code, city: coalesce(city.code, p.code), city_name: coalesce(city.name_zh, p.name_zh),
    role: m.role, tags: coalesce(e.tags, []), scale: e.scale, verified: coalesce(e.verified, false),
    in_target: EXISTS { (e)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(:Region {code: $target}) }
  }) AS firms
}
RETURN s {.id, .name_zh, .name_en, .stage, .position} AS link, firms
ORDER BY s.position
