// __REL__ is replaced by the Rust RelKind's relationship type.
MATCH (a:Organisation {id: $source_id}), (b:Organisation {id: $target_id})
CREATE (a)-[r:__REL__ {id: $id}]->(b)
SET r += $props, r.source = $source, r.recorded_by = $key_id, r.owner = $owner,
    r.recorded_at = datetime(), r.verified = $verified, r.synthetic = false
RETURN r.id AS id
