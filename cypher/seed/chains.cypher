UNWIND $chains AS c
MERGE (ch:Chain {id: c.id})
SET ch.name_zh = c.name_zh, ch.name_en = c.name_en, ch.source = $source, ch.dataset = 'reference'
WITH ch, c
UNWIND range(0, size(c.links) - 1) AS position
WITH ch, c.links[position] AS link, position
MERGE (s:Segment {id: link.id})
SET s.chain_id = ch.id, s.name_zh = link.name_zh, s.name_en = link.name_en, s.stage = link.stage,
    s.position = position, s.dataset = 'reference'
MERGE (ch)-[:HAS_SEGMENT]->(s)
