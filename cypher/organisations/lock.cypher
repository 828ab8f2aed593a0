// Takes the organisation's write lock (a no-op SET) so that what the transaction reads next
// stays current until it commits: edits are diffed against the record they change.
MATCH (o:Organisation {id: $id})
SET o.version = coalesce(o.version, 0)
RETURN o.id AS id
