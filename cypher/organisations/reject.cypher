// A curator turns a submission down, with the reason its member sees; the member's next edit
// puts it back in the queue (update.cypher clears the reason).
MATCH (o:Organisation {id: $id})
SET o.verified = false, o.rejected_reason = $reason, o.updated_at = datetime(),
    o.version = coalesce(o.version, 0) + 1
