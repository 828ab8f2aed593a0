// Creates organisations from $rows ({id, props, region, park, synthetic}); used for one
// registration and for imports alike. $label is the Rust OrgKind's label (Enterprise or
// RdSource). Synthetic records are never verified.
UNWIND $rows AS row
MATCH (region:Region {code: row.region})
CREATE (o:Organisation:$($label) {id: row.id})
SET o += row.props, o.kind = $kind, o.region_code = region.code,
    o.verified = $verified AND NOT row.synthetic, o.owner = $owner,
    o.synthetic = row.synthetic, o.recorded_by = $key_id,
    o.created_at = datetime(), o.updated_at = datetime()
// CREATE, not MERGE: the node is new, and MERGE would look through every firm of the region.
CREATE (o)-[:LOCATED_IN]->(region)
WITH o, row
OPTIONAL MATCH (p:Park {id: row.park})
FOREACH (park IN CASE WHEN p IS NULL THEN [] ELSE [p] END | CREATE (o)-[:IN_PARK]->(park))
RETURN o.id AS id
