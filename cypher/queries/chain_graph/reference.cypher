// The reference data a chain's graph is read against: every region with its parents (PART_OF,
// and ALSO_PART_OF for a new area's counties), and every segment — links and sub-links of all
// chains — with its chain (links), its link (sub-links) and the segments it FEEDS. A few hundred
// rows: read again with each chain graph rather than kept apart and invalidated.
MATCH (r:Region)
RETURN 'region' AS kind,
       r {.code, .name_zh, .level,
          part_of: [(r)-[:PART_OF]->(p:Region) | p.code],
          also_part_of: [(r)-[:ALSO_PART_OF]->(p:Region) | p.code]} AS row
UNION ALL
MATCH (s:Segment)
OPTIONAL MATCH (c:Chain)-[:HAS_SEGMENT]->(s)
OPTIONAL MATCH (link:Segment)-[:HAS_SUB_LINK]->(s)
RETURN 'segment' AS kind,
       s {.id, .name_zh, .name_en, .stage, .position, .sub_position, level: coalesce(s.level, 'link'),
          chain: c.id, parent: link.id, feeds: [(s)-[:FEEDS]->(y:Segment) | y.id]} AS row
