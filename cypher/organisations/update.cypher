// Edits organisations from $rows ({id, props, region, set_park, park}): new property values
// (a null value removes the property) and, where given, a new region and park (set_park with a
// null park leaves the organisation in no park). Used for one edit and for imports alike. Every
// edit is a new version; one by anyone but a curator ($curator false) needs verifying again.
UNWIND $rows AS row
MATCH (o:Organisation {id: row.id})
SET o += row.props, o.updated_at = datetime(), o.version = coalesce(o.version, 0) + 1,
    o.verified = CASE WHEN $curator THEN o.verified ELSE false END,
    o.rejected_reason = CASE WHEN $curator THEN o.rejected_reason ELSE null END
WITH o, row
CALL (o, row) {
  WITH o, row WHERE row.region IS NOT NULL
  MATCH (region:Region {code: row.region})
  OPTIONAL MATCH (o)-[old:LOCATED_IN]->(:Region)
  DELETE old
  WITH DISTINCT o, region
  CREATE (o)-[:LOCATED_IN]->(region)
  SET o.region_code = region.code
}
CALL (o, row) {
  WITH o, row WHERE row.set_park
  OPTIONAL MATCH (o)-[old:IN_PARK]->(:Park)
  DELETE old
  WITH DISTINCT o, row
  OPTIONAL MATCH (p:Park {id: row.park})
  FOREACH (park IN CASE WHEN p IS NULL THEN [] ELSE [p] END | CREATE (o)-[:IN_PARK]->(park))
}
RETURN count(o) AS updated
