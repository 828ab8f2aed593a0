// Every region with its parent, its second parent where it has one (the Xiong'an counties), and
// the parks located in it, in code order (provinces before their cities before their districts).
MATCH (r:Region)
OPTIONAL MATCH (r)-[:PART_OF]->(parent:Region)
OPTIONAL MATCH (r)-[:ALSO_PART_OF]->(also:Region)
CALL (r) {
  OPTIONAL MATCH (p:Park)-[:LOCATED_IN]->(r)
  WITH p ORDER BY p.id
  RETURN collect(p {.id, .name_zh, .name_en, .arrangement, .source,
                    former_names: coalesce(p.former_names, []),
                    co_builders: coalesce(p.co_builders, [])}) AS parks
}
RETURN r {.code, .name_zh, .name_en, .level, parent: parent.code, also_part_of: also.code,
          gbt2260: coalesce(r.gbt2260, true), parks: parks} AS region
ORDER BY r.code
