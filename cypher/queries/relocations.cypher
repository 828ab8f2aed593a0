// Organisations that moved out of the $from region's subtree into the $to region's subtree.
// From the $from region down to its divisions and their relocations: no scan of every
// organisation or relocation.
MATCH (:Region {code: $from})<-[:PART_OF|ALSO_PART_OF*0..3]-(left:Region)
WITH DISTINCT left
MATCH (left)<-[r:RELOCATED_FROM]-(o:Organisation)
WHERE ($to IS NULL
       OR EXISTS { (o)-[:LOCATED_IN]->(:Region)-[:PART_OF|ALSO_PART_OF*0..3]->(:Region {code: $to}) })
  AND ($chain IS NULL OR EXISTS { (o)-[:OPERATES_IN]->(:Segment {chain_id: $chain}) })
  AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)
OPTIONAL MATCH (o)-[:LOCATED_IN]->(now:Region)
OPTIONAL MATCH (o)-[:OPERATES_IN]->(s:Segment)
WITH o, r, left, now, collect(DISTINCT s.chain_id) AS chains
RETURN {
  id: r.id, organisation: o {.id, .name_zh, .name_en, .kind}, year: r.year, scope: r.scope,
  from_region: left.code, from_name_zh: left.name_zh, to_region: now.code, to_name_zh: now.name_zh,
  chains: chains, source: r.source, verified: coalesce(r.verified, false),
  synthetic: coalesce(r.synthetic, false)
} AS relocation
ORDER BY r.year DESC, o.id
LIMIT $limit
