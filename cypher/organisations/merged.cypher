// Where a merged record now lives: the survivor's id, if $id was merged ($kind from OrgKind).
MATCH (m:MergedRecord {id: $id})
WHERE m.kind = $kind
RETURN m.into AS into
