// __LABEL__ is replaced by the Rust OrgKind's label (Enterprise or RdSource).
MATCH (region:Region {code: $region})
CREATE (o:Organisation:__LABEL__ {id: $id})
SET o += $props, o.kind = $kind, o.region_code = region.code, o.verified = $verified,
    o.owner = $owner, o.synthetic = false, o.recorded_by = $key_id,
    o.created_at = datetime(), o.updated_at = datetime()
MERGE (o)-[:LOCATED_IN]->(region)
WITH o
OPTIONAL MATCH (p:Park {id: $park})
FOREACH (park IN CASE WHEN p IS NULL THEN [] ELSE [p] END | MERGE (o)-[:IN_PARK]->(park))
RETURN o.id AS id
