// A chain with its links and their sub-links in upstream-to-downstream order (each sub-link
// right after its link, naming it as `parent`): `feeds` lists the links or sub-links of the
// chain each one supplies, `feeds_other_chains` and `fed_by_other_chains` those of other chains
// it supplies or is supplied by. src/queries/chains.rs puts the sub-links under their links.
MATCH (c:Chain {id: $id})
OPTIONAL MATCH (c)-[:HAS_SEGMENT]->(:Segment)-[:HAS_SUB_LINK*0..1]->(s:Segment)
CALL (c, s) {
  OPTIONAL MATCH (s)-[:FEEDS]->(next:Segment)
  WITH next ORDER BY next.position, coalesce(next.sub_position, -1), next.id
  WITH collect(next) AS nexts
  RETURN [n IN nexts WHERE n.chain_id = c.id | n.id] AS feeds,
         [n IN nexts WHERE n.chain_id <> c.id | n.id] AS feeds_other_chains
}
CALL (c, s) {
  OPTIONAL MATCH (prev:Segment)-[:FEEDS]->(s)
  WHERE prev.chain_id <> c.id
  WITH prev ORDER BY prev.id
  RETURN collect(prev.id) AS fed_by_other_chains
}
WITH c, s, feeds, feeds_other_chains, fed_by_other_chains
ORDER BY s.position, coalesce(s.sub_position, -1)
WITH c, collect(CASE WHEN s IS NULL THEN null ELSE
  {id: s.id, name_zh: s.name_zh, name_en: s.name_en, stage: s.stage, position: s.position,
   parent: s.parent_id, feeds: feeds, feeds_other_chains: feeds_other_chains,
   fed_by_other_chains: fed_by_other_chains} END) AS segments
RETURN {id: c.id, name_zh: c.name_zh, name_en: c.name_en} AS chain, segments
