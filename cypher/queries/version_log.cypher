// One scope's version and what each of its moves after $after (up to that version: writes
// committing meanwhile are left to the next read) touched, in order: what a chain's graph reads
// again to catch up. Moves pruned meanwhile are missing; the reader then reads the graph whole.
OPTIONAL MATCH (v:DataVersion {id: $scope})
CALL (v) {
  OPTIONAL MATCH (m:DataMove {scope: $scope})
  WHERE m.n > $after AND m.n <= v.n AND m.epoch = v.epoch
  WITH m ORDER BY m.n
  RETURN collect(m.touched) AS touched
}
RETURN v.epoch AS epoch, v.n AS n, touched
