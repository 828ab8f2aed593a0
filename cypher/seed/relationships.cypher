// $type is the Rust RelKind's relationship type.
UNWIND $rows AS row
MATCH (a:Organisation {id: row.source_id}), (b:Organisation {id: row.target_id})
MERGE (a)-[r:$($type) {id: row.id}]->(b)
ON CREATE SET r.recorded_at = datetime()
SET r += row.props, r.source = row.source, r.synthetic = row.synthetic,
    r.recorded_by = $recorded_by, r.verified = NOT row.synthetic, r.dataset = 'demo'
