// Full-text search over organisation names (CJK analyzer), plus the organisations operating in
// chains or links whose names match (at half weight). $query is already escaped for Lucene's
// query syntax; ties are broken by id so pages are stable. Each source is filtered and cut to
// the page's end before the two are merged: a link's name matches every firm in the link
// (thousands at the region's size), and only the best $offset + $limit of each can make the page.
CALL () {
  CALL db.index.fulltext.queryNodes('organisation_names', $query) YIELD node, score
  WHERE ($kind IS NULL OR node.kind = $kind) AND ($verified IS NULL OR node.verified = $verified)
    AND ($synthetic IS NULL OR coalesce(node.synthetic, false) = $synthetic)
  RETURN node, score
  ORDER BY score DESC, node.id
  LIMIT $offset + $limit
  UNION ALL
  CALL db.index.fulltext.queryNodes('chain_names', $query) YIELD node AS topic, score
  MATCH (topic)-[:HAS_SEGMENT*0..1]->(:Segment)<-[:OPERATES_IN]-(node:Organisation)
  WHERE ($kind IS NULL OR node.kind = $kind) AND ($verified IS NULL OR node.verified = $verified)
    AND ($synthetic IS NULL OR coalesce(node.synthetic, false) = $synthetic)
  // A firm in two matching links, or in a matching chain and its link, counts once.
  WITH node, max(score) * 0.5 AS score
  RETURN node, score
  ORDER BY score DESC, node.id
  LIMIT $offset + $limit
}
WITH node, max(score) AS score
RETURN node {.id, .kind, .name_zh, .name_en, .region_code, .verified,
             synthetic: coalesce(node.synthetic, false)} AS hit, score
ORDER BY score DESC, node.id
SKIP $offset
LIMIT $limit
