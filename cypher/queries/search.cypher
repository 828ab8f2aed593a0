// Organisations whose names or descriptions contain every word of the text, best match first,
// and the chains and links whose names do. $lucene is built by src/queries/search.rs (each word a
// required phrase, so a Chinese fragment must appear as written). $window is {limit: n} when no
// filter is given: Lucene then keeps only the best n, which is what makes a word found in tens of
// thousands of names cheap; with a filter it is {} (the filter may drop any of them). Ties keep
// Lucene's order, so the page slice below relies on collect() keeping the stream's order.
CALL () {
  CALL db.index.fulltext.queryNodes('organisation_names', $lucene, $window) YIELD node, score
  WHERE ($kind IS NULL OR node.kind = $kind) AND ($verified IS NULL OR node.verified = $verified)
    AND ($synthetic IS NULL OR coalesce(node.synthetic, false) = $synthetic)
  WITH collect(node {.id, .kind, .name_zh, .name_en, .region_code, .verified,
                     synthetic: coalesce(node.synthetic, false), score: score}) AS hits
  RETURN hits[$offset..$offset + $limit] AS items
}
// Topics only with the first page; a later page's call matches no row and collects [].
CALL () {
  WITH $offset AS offset WHERE offset = 0
  CALL db.index.fulltext.queryNodes('chain_names', $lucene, {limit: $topic_limit})
    YIELD node AS topic, score
  RETURN collect(topic {.id, level: CASE WHEN topic:Chain THEN 'chain' ELSE 'link' END,
                        chain_id: coalesce(topic.chain_id, topic.id), .name_zh, .name_en,
                        score: score}) AS topics
}
RETURN items, topics
