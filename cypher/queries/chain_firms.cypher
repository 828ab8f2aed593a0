// Every link of a chain in order — or, with $level = 'sub_link', every sub-link under its link —
// with the enterprises operating in it, one row per firm (and a row without a firm for every
// link, so links no firm operates in are listed too): their province, city (Hebei's prefecture
// level; Beijing and Tianjin have none) and whether they lie in the $target region's subtree.
// The chain map and the three lists are computed from this. At link level a link counts the
// firms of its sub-links too, each firm once (as leader if it leads in any of them); at
// sub-link level a link with sub-links still has a row, for the firms placed in the link alone.
// A link's firms are grouped by their region code first (written with their LOCATED_IN), so
// the region hierarchy is walked once per region (a few hundred) rather than once per firm
// (tens of thousands at the region's size). A membership counts unless it began after the year
// ($as_of, else this year) or ended before it; one recorded without years counts in every year.
WITH coalesce($as_of, date().year) AS year
MATCH (c:Chain {id: $chain})-[:HAS_SEGMENT]->(l:Segment)
OPTIONAL MATCH (l)-[:HAS_SUB_LINK]->(sub:Segment)
WITH l, year, collect(sub) AS subs
UNWIND CASE WHEN $level = 'sub_link' THEN [[l, [l]]] + [x IN subs | [x, [x]]]
            ELSE [[l, [l] + subs]] END AS row
WITH row[0] AS s, row[1] AS counted, year
CALL (s, counted, year) {
  UNWIND counted AS x
  MATCH (e:Enterprise)-[m:OPERATES_IN]->(x)
  WHERE ($verified IS NULL OR e.verified = $verified)
    AND ($synthetic IS NULL OR coalesce(e.synthetic, false) = $synthetic)
    AND coalesce(m.since, year) <= year AND coalesce(m.until, year) >= year
  WITH e, collect(m.role) AS roles
  WITH e, CASE WHEN 'leader' IN roles THEN 'leader' ELSE roles[0] END AS role
  WITH e.region_code AS code, collect({e: e, role: role}) AS here
  OPTIONAL MATCH (r:Region {code: code})
  OPTIONAL MATCH (r)-[:PART_OF*0..3]->(p:Region {level: 'province'})
  OPTIONAL MATCH (r)-[:PART_OF*0..2]->(city:Region {level: 'city'})
  WITH here, p, city,
       r IS NOT NULL
         AND EXISTS { (r)-[:PART_OF|ALSO_PART_OF*0..3]->(:Region {code: $target}) } AS in_target
  UNWIND here AS h
  WITH h.e AS e, h.role AS role, p, city, in_target
  RETURN {
    id: e.id, name_zh: e.name_zh, name_en: e.name_en, region_code: e.region_code,
    province: p.code, city: coalesce(city.code, p.code), city_name: coalesce(city.name_zh, p.name_zh),
    role: role, tags: coalesce(e.tags, []), scale: e.scale, verified: coalesce(e.verified, false),
    in_target: in_target
  } AS firm
  UNION ALL
  RETURN null AS firm
}
RETURN s {.id, .name_zh, .name_en, .stage, .position, level: coalesce(s.level, 'link'),
          parent: s.parent_id} AS link, firm
ORDER BY s.position, coalesce(s.sub_position, -1), s.id
