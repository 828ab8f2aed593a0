// Every write moves the graph's data version on, in the write's own transaction: answers
// cached under an older version are no longer served. A reset graph gets a new epoch, so a
// version number is never reused.
MERGE (v:DataVersion {id: 'graph'})
ON CREATE SET v.epoch = randomUUID(), v.n = 0
SET v.n = v.n + 1
