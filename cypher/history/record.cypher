// Records changes made by one caller, inside the transaction that makes them: one for a
// single write, many for an import batch. Each takes the next place in the change feed: the
// counter's lock is held until the transaction ends, so places are given in commit order, and
// a transaction that rolls back gives its places back (no gaps, no duplicates). Writes lock the
// counter here, before the data versions (bump.cypher), all in the same order.
// Each change is placed for the feed's filters: the chains and regions of the organisations it
// is about as written ($changes[].around), and those it held before (`chains_before`,
// `regions_before`: a record that left them, or is gone), and by the owners of those
// organisations (`owners`: a member's webhook receives the changes about its own), with the
// links they operate in and the organisations themselves (`links`, `about`: what watchers
// are alerted of).
MERGE (feed:ChangeFeed {id: 'changes'})
ON CREATE SET feed.epoch = left(replace(randomUUID(), '-', ''), 8), feed.n = 0
SET feed.n = feed.n + size($changes)
WITH feed.n - size($changes) AS base
UNWIND range(0, size($changes) - 1) AS i
WITH base + i + 1 AS seq, $changes[i] AS c
CALL (c) {
  OPTIONAL MATCH (o:Organisation) WHERE o.id IN c.around
  OPTIONAL MATCH (o)-[:OPERATES_IN]->(s:Segment)
  RETURN collect(DISTINCT s.chain_id) AS chains, collect(DISTINCT s.id) AS links,
         collect(DISTINCT o.region_code) AS regions, collect(DISTINCT o.owner) AS owners
}
CREATE (:Change {id: c.id, target_id: c.target_id, record_id: c.target_id,
                 target_kind: c.target_kind, action: c.action, at: datetime(), by_key: $by_key,
                 by_owner: $by_owner, changes: c.changes, seq: seq,
                 chains: chains + c.chains_before, regions: regions + c.regions_before,
                 owners: owners + c.owners_before, links: links + c.links_before,
                 about: c.around})
