// Every cluster (or the one with $id): its members with their province, the chains they
// operate in, and the relationships between members, each marked internal (both ends in the
// same province) or cross-region.
MATCH (c:Cluster)
WHERE $id IS NULL OR c.id = $id
OPTIONAL MATCH (c)-[:LED_BY]->(lead:Region)
CALL (c) {
  OPTIONAL MATCH (o:Organisation)-[:MEMBER_OF]->(c)
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
  RETURN count(r) AS relationships,
         count(CASE WHEN left(a.region_code, 2) = left(b.region_code, 2) THEN r END) AS internal
}
RETURN c {.id, .name_zh, .name_en, .kind, .description, lead_region: lead.code} AS cluster,
       members, relationships, internal
ORDER BY c.id
