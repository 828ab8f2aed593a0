MATCH (o:Organisation {id: $id})
SET o += $props, o.updated_at = datetime()
