// Creates relationships between organisations from $rows ({id, source_id, target_id, props,
// source}), all of one type: $type, the Rust RelKind's relationship type. Used for one request
// and for imports alike. With $twin (RelKind::reverse_twin: branches), a twin the other way
// round carries the same id, so paths can follow the kind both ways with a directed search.
UNWIND $rows AS row
MATCH (a:Organisation {id: row.source_id}), (b:Organisation {id: row.target_id})
CREATE (a)-[r:$($type) {id: row.id}]->(b)
SET r += row.props, r.source = row.source, r.recorded_by = $key_id, r.owner = $owner,
    r.recorded_at = datetime(), r.verified = $verified AND NOT row.synthetic,
    r.synthetic = row.synthetic
WITH a, b, r, row
CALL (a, b, row) {
  WITH * WHERE $twin IS NOT NULL
  CREATE (b)-[t:$($twin) {id: row.id}]->(a)
  SET t.synthetic = row.synthetic
}
RETURN r.id AS id
