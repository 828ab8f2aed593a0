// The versions of the scopes asked for ($scopes; see cypher/history/bump.cypher): a scope never
// written has none yet. `now` is the database's clock, which stamped the versions' times.
OPTIONAL MATCH (v:DataVersion)
WHERE v.id IN $scopes
RETURN timestamp() AS now,
       collect(v {scope: v.id, .epoch, .n, times: coalesce(v.times, [])}) AS versions
