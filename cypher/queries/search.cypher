// Full-text search over organisation names (CJK analyzer), plus the organisations operating in
// chains or links whose names match (at half weight). $query is already escaped for Lucene's
// query syntax; ties are broken by id so pages are stable.
CALL () {
  CALL db.index.fulltext.queryNodes('organisation_names', $query) YIELD node, score
  RETURN node, score
  UNION ALL
  CALL db.index.fulltext.queryNodes('chain_names', $query) YIELD node AS topic, score
  MATCH (topic)-[:HAS_SEGMENT*0..1]->(:Segment)<-[:OPERATES_IN]-(node:Organisation)
  RETURN node, score * 0.5 AS score
}
WITH node, max(score) AS score
WHERE ($kind IS NULL OR node.kind = $kind) AND ($verified IS NULL OR node.verified = $verified)
RETURN node {.id, .kind, .name_zh, .name_en, .region_code, .verified,
             synthetic: coalesce(node.synthetic, false)} AS hit, score
ORDER BY score DESC, node.id
SKIP $offset
LIMIT $limit
