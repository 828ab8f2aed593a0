// The answer kept under $key, the current version of its scope, and how long ago (by the
// database's clock) the first move it does not reflect was made, if one was.
MATCH (a:Answer {key: $key})
OPTIONAL MATCH (v:DataVersion {id: a.scope})
OPTIONAL MATCH (m:DataMove {scope: a.scope, n: a.n + 1})
WHERE m.epoch = a.epoch
RETURN {body: a.body, epoch: a.epoch, n: a.n, computed_at: a.computed_at,
        current_epoch: coalesce(v.epoch, ''), current_n: coalesce(v.n, 0),
        behind_ms: CASE WHEN m IS NULL THEN null
                        ELSE duration.inSeconds(m.at, datetime()).milliseconds END} AS row
