// Creates relationships between organisations from $rows ({id, source_id, target_id, props,
// source}), all of one type: $type, the Rust RelKind's relationship type. Used for one request
// and for imports alike.
UNWIND $rows AS row
MATCH (a:Organisation {id: row.source_id}), (b:Organisation {id: row.target_id})
CREATE (a)-[r:$($type) {id: row.id}]->(b)
SET r += row.props, r.source = row.source, r.recorded_by = $key_id, r.owner = $owner,
    r.recorded_at = datetime(), r.verified = $verified AND NOT row.synthetic,
    r.synthetic = row.synthetic
RETURN r.id AS id
