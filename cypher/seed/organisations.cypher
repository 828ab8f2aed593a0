// Real records are seeded as verified (curated, each citing its report), but for those inferred
// from what the reports say; synthetic ones never are.
// $label is the Rust OrgKind's label (Enterprise or RdSource).
UNWIND $rows AS row
MATCH (region:Region {code: row.region})
MERGE (o:Organisation {id: row.id})
ON CREATE SET o.created_at = datetime()
SET o:$($label), o += row.props, o.region_code = row.region, o.dataset = 'demo',
    o.verified = NOT row.props.synthetic AND row.props.inferred IS NULL,
    o.recorded_by = $recorded_by
MERGE (o)-[:LOCATED_IN]->(region)
WITH o, row
CALL (o, row) {
  UNWIND row.segments AS m
  MATCH (s:Segment {id: m.segment})
  MERGE (o)-[op:OPERATES_IN]->(s)
  SET op.role = m.role, op.products = m.products, op.segment_id = s.id,
      op.link_id = coalesce(s.parent_id, s.id), op.org_id = o.id
}
CALL (o, row) {
  UNWIND row.capabilities AS c
  MATCH (s:Segment {id: c.segment})
  MERGE (o)-[cap:CAPABLE_IN]->(s)
  SET cap.technology = c.technology, cap.readiness = c.readiness, cap.evidence = c.evidence,
      cap.source = c.source
}
CALL (o, row) {
  UNWIND row.clusters AS cluster_id
  MATCH (c:Cluster {id: cluster_id})
  MERGE (o)-[:MEMBER_OF]->(c)
}
CALL (o, row) {
  WITH o, row WHERE row.park IS NOT NULL
  MATCH (p:Park {id: row.park})
  MERGE (o)-[:IN_PARK]->(p)
}
