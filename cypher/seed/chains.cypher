// The chains, their links in order and each link's sub-links. A sub-link is a Segment too (so
// firms join it as they join a link), at its link's stage and position, reached from its link
// by HAS_SUB_LINK; `level` tells the two apart, `parent_id` names a sub-link's link.
UNWIND $chains AS c
MERGE (ch:Chain {id: c.id})
SET ch.name_zh = c.name_zh, ch.name_en = c.name_en, ch.source = $source, ch.dataset = 'reference'
WITH ch, c
UNWIND range(0, size(c.links) - 1) AS position
WITH ch, c.links[position] AS link, position
MERGE (s:Segment {id: link.id})
SET s.chain_id = ch.id, s.name_zh = link.name_zh, s.name_en = link.name_en, s.stage = link.stage,
    s.position = position, s.level = 'link', s.dataset = 'reference'
MERGE (ch)-[:HAS_SEGMENT]->(s)
WITH s, link
UNWIND range(0, size(link.sub_links) - 1) AS k
WITH s, link.sub_links[k] AS sub, k
MERGE (x:Segment {id: sub.id})
SET x.chain_id = s.chain_id, x.name_zh = sub.name_zh, x.name_en = sub.name_en, x.stage = s.stage,
    x.position = s.position, x.sub_position = k, x.level = 'sub_link', x.parent_id = s.id,
    x.dataset = 'reference'
MERGE (s)-[:HAS_SUB_LINK]->(x)
