// Lab-to-plant matches for one link ($link) of a chain and a target region: pairs of an R&D
// source outside the target with a capability in the link, and an enterprise ($firm_kind) of
// the target in the link or in a link it feeds, with no relationship of the kinds in $types
// (technology transfer, cooperation, incubation) between them yet. The score and its weights
// come from Rust (src/queries/matches.rs): readiness, how well the firm's link fits, evidence,
// and the firm's size. $synthetic (null = either) keeps only real or only synthetic records.
// A link stands for its sub-links too: a capability in one of them is in the link, and a firm
// in one of them is in the link (or in the link it feeds).
MATCH (:Region {code: $target})<-[:PART_OF|ALSO_PART_OF*0..3]-(t:Region)
WITH collect(DISTINCT t.code) AS codes
MATCH (s:Segment {id: $link})
MATCH (s)-[:HAS_SUB_LINK*0..1]->(:Segment)<-[cap:CAPABLE_IN]-(rd:Organisation)
WHERE NOT rd.region_code IN codes
  AND ($synthetic IS NULL OR coalesce(rd.synthetic, false) = $synthetic)
CALL (s, codes) {
  MATCH (s)-[:FEEDS*0..1]->(:Segment)-[:HAS_SUB_LINK*0..1]->(fs:Segment)
  WITH DISTINCT fs
  MATCH (firm:Organisation)-[m:OPERATES_IN]->(fs)
  WHERE firm.kind = $firm_kind AND firm.region_code IN codes
    AND ($synthetic IS NULL OR coalesce(firm.synthetic, false) = $synthetic)
  RETURN firm, fs
}
WITH rd, cap, firm, fs, EXISTS { (s)-[:HAS_SUB_LINK*0..1]->(fs) } AS same_link
WHERE NOT EXISTS { (rd)-[r]-(firm) WHERE type(r) IN $types }
WITH rd, cap, firm, fs, same_link,
     cap.readiness / 9.0
       * CASE WHEN same_link THEN 1.0 ELSE $downstream_fit END
       * CASE WHEN cap.evidence IS NULL THEN $without_evidence ELSE 1.0 END
       * coalesce($scale_weights[firm.scale], $scale_weights['unknown']) / $scale_weights['large']
       AS score
RETURN rd {.id, .name_zh, .region_code} AS rd_source,
       cap {.technology, .readiness, .evidence, .source} AS capability,
       firm {.id, .name_zh, .region_code, .scale} AS firm, fs.id AS firm_link, same_link, score
ORDER BY score DESC, rd.id, firm.id
LIMIT $limit
