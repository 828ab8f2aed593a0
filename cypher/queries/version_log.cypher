// One scope's version with the times of its last moves and what each touched (see
// cypher/history/bump.cypher), oldest first: what a chain's graph reads again to catch up.
OPTIONAL MATCH (v:DataVersion {id: $scope})
RETURN v.epoch AS epoch, v.n AS n, coalesce(v.times, []) AS times,
       coalesce(v.touched, []) AS touched
