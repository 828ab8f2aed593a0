// Moves on the versions of $scopes (ids from the Rust `changelog::Scope`), in the write's own
// transaction, so that answers computed from older data are known to be behind
// (src/queries/cache.rs), and keeps each move with what it touched ($touched: the
// organisations' ids, space-separated, or `*` for everything), so a chain's graph can read just
// those again. The scopes come sorted, so two writes lock them in the same order and cannot
// deadlock on them.
UNWIND $scopes AS scope
MERGE (v:DataVersion {id: scope})
ON CREATE SET v.epoch = randomUUID(), v.n = 0
SET v.n = v.n + 1
CREATE (:DataMove {scope: scope, epoch: v.epoch, n: v.n, at: datetime(), touched: $touched})
