// Creates relocations from $rows as create.cypher does, but to the region left.
UNWIND $rows AS row
MATCH (a:Organisation {id: row.source_id}), (b:Region {code: row.target_id})
CREATE (a)-[r:RELOCATED_FROM {id: row.id}]->(b)
SET r += row.props, r.source = row.source, r.recorded_by = $key_id, r.owner = $owner,
    r.recorded_at = datetime(), r.verified = $verified AND NOT row.synthetic,
    r.synthetic = row.synthetic
RETURN r.id AS id
