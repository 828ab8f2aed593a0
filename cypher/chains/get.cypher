// A chain with its links in upstream-to-downstream order; `feeds` lists the links each one
// supplies within the chain.
MATCH (c:Chain {id: $id})
OPTIONAL MATCH (c)-[:HAS_SEGMENT]->(s:Segment)
OPTIONAL MATCH (s)-[:FEEDS]->(next:Segment)
WITH c, s, collect(next.id) AS feeds
ORDER BY s.position
WITH c, collect(CASE WHEN s IS NULL THEN null ELSE
  {id: s.id, name_zh: s.name_zh, name_en: s.name_en, stage: s.stage, position: s.position,
   feeds: feeds} END) AS links
RETURN {id: c.id, name_zh: c.name_zh, name_en: c.name_en, links: links} AS chain
