// The versions of the scopes asked for ($scopes; see cypher/history/bump.cypher): a scope never
// written has none yet.
OPTIONAL MATCH (v:DataVersion)
WHERE v.id IN $scopes
RETURN collect(v {scope: v.id, .epoch, .n}) AS versions
