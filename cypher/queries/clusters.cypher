// Every cluster (or the one with $id, or those of $kind): its members with their province, the
// chains they operate in, and the relationships between members, each marked internal (both
// ends in the same province) or cross-region; and the clusters on the other list it corresponds
// to (a national cluster and one of the five groups, either way). $synthetic (null = either)
// counts only real or only synthetic members.
MATCH (c:Cluster)
WHERE ($id IS NULL OR c.id = $id) AND ($kind IS NULL OR c.kind = $kind)
OPTIONAL MATCH (c)-[:LED_BY]->(lead:Region)
CALL (c) {
  OPTIONAL MATCH (o:Organisation)-[:MEMBER_OF]->(c)
  WHERE $synthetic IS NULL OR coalesce(o.synthetic, false) = $synthetic
  OPTIONAL MATCH (o)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(p:Region {level: 'province'})
  OPTIONAL MATCH (o)-[:OPERATES_IN]->(s:Segment)
  WITH o, p, collect(DISTINCT s.chain_id) AS chains WHERE o IS NOT NULL
  RETURN collect({id: o.id, name_zh: o.name_zh, region_code: o.region_code, province: p.code,
                  chains: chains}) AS members
}
CALL (c) {
  OPTIONAL MATCH (a:Organisation)-[:MEMBER_OF]->(c), (b:Organisation)-[:MEMBER_OF]->(c),
                 (a)-[r]->(b)
  WHERE type(r) IN $types
    AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)
  RETURN count(r) AS relationships,
         count(CASE WHEN left(a.region_code, 2) = left(b.region_code, 2) THEN r END) AS internal
}
RETURN c {.id, .name_zh, .name_en, .kind, .listed_year, .description, lead_region: lead.code,
          corresponds_to: [(c)-[:CORRESPONDS_TO]-(other:Cluster) | other.id]} AS cluster,
       members, relationships, internal
ORDER BY c.kind, c.id
