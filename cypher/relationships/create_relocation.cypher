MATCH (a:Organisation {id: $source_id}), (b:Region {code: $target_id})
CREATE (a)-[r:RELOCATED_FROM {id: $id}]->(b)
SET r += $props, r.source = $source, r.recorded_by = $key_id, r.owner = $owner,
    r.recorded_at = datetime(), r.verified = $verified, r.synthetic = false
RETURN r.id AS id
