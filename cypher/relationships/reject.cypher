// A curator turns a relationship down, with the reason its member sees. Found from its source
// organisation, as verify.cypher does.
MATCH (:Organisation {id: $source_id})-[r]->()
WHERE r.id = $id
SET r.verified = false, r.rejected_reason = $reason, r.updated_at = datetime()
