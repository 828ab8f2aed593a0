OPTIONAL MATCH (v:DataVersion {id: 'graph'})
RETURN coalesce(v.epoch + ':' + toString(v.n), 'empty') AS version
