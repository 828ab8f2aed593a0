// The impact query as it was at 6a1dc5d (depth 4), kept for the benchmark's PROFILE before and
// after (make bench): it enumerates every SUPPLIES path up to the depth, then tests membership in
// a list per relationship. Replaced by the breadth-first cypher/queries/impact_frontier.cypher.
MATCH (e:Enterprise {id: $id})
OPTIONAL MATCH p = (e)-[:SUPPLIES*1..4]->(d:Organisation)
WHERE d <> e
WITH e, d, min(length(p)) AS depth
WITH e, collect(CASE WHEN d IS NULL THEN null ELSE {node: d, depth: depth} END) AS affected
WITH e, affected, [a IN affected | a.node] + [e] AS hit
UNWIND affected AS a
WITH a.node AS d, a.depth AS depth, hit
MATCH (s)-[r:SUPPLIES]->(d)
WHERE s IN hit
WITH d, depth, hit, collect(DISTINCT coalesce(r.product, '')) AS lost
WITH d, depth, lost, [product IN lost WHERE NOT EXISTS {
  MATCH (alt:Organisation)-[r2:SUPPLIES]->(d)
  WHERE NOT alt IN hit AND coalesce(r2.product, '') = product
}] AS without_alternative
OPTIONAL MATCH (d)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(prov:Region {level: 'province'})
OPTIONAL MATCH (d)-[:OPERATES_IN]->(seg:Segment)
WITH d, depth, lost, without_alternative, prov, collect(DISTINCT seg.chain_id) AS chains
RETURN d {.id, .name_zh, .region_code, .kind} AS firm, depth, lost, without_alternative,
       prov.code AS province, chains
ORDER BY depth, firm.id
LIMIT $limit
