// $type is the Rust RelKind's relationship type; $twin its reverse twin, if it has one
// (cypher/relationships/create.cypher says why).
UNWIND $rows AS row
MATCH (a:Organisation {id: row.source_id}), (b:Organisation {id: row.target_id})
MERGE (a)-[r:$($type) {id: row.id}]->(b)
ON CREATE SET r.recorded_at = datetime()
SET r += row.props, r.source = row.source, r.synthetic = row.synthetic,
    r.recorded_by = $recorded_by, r.verified = NOT row.synthetic AND row.props.inferred IS NULL,
    r.dataset = 'demo'
WITH a, b, row
CALL (a, b, row) {
  WITH * WHERE $twin IS NOT NULL
  MERGE (b)-[t:$($twin) {id: row.id}]->(a)
  SET t.synthetic = row.synthetic
}
