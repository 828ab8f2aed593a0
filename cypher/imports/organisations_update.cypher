// Re-imported organisations: new property values, region and park.
UNWIND $rows AS row
MATCH (o:Organisation {id: row.id}), (region:Region {code: row.region})
SET o += row.props, o.updated_at = datetime(), o.region_code = region.code
WITH o, row, region
OPTIONAL MATCH (o)-[old:LOCATED_IN|IN_PARK]->()
DELETE old
WITH DISTINCT o, row, region
MERGE (o)-[:LOCATED_IN]->(region)
WITH o, row
OPTIONAL MATCH (p:Park {id: row.park})
FOREACH (park IN CASE WHEN p IS NULL THEN [] ELSE [p] END | MERGE (o)-[:IN_PARK]->(park))
