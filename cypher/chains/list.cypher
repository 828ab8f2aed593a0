MATCH (c:Chain)
OPTIONAL MATCH (c)-[:HAS_SEGMENT]->(s:Segment)
WITH c, count(s) AS link_count
ORDER BY c.id
RETURN {id: c.id, name_zh: c.name_zh, name_en: c.name_en, link_count: link_count} AS chain
