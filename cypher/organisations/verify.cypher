MATCH (o:Organisation {id: $id})
SET o.verified = true, o.rejected_reason = null, o.updated_at = datetime(), o.version = coalesce(o.version, 0) + 1
