// Found from its source organisation, so no type (and no per-type index) is needed.
MATCH (:Organisation {id: $source_id})-[r]->()
WHERE r.id = $id
SET r.verified = true, r.rejected_reason = null
