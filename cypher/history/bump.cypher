// Moves on the versions of $scopes (ids from the Rust `changelog::Scope`), in the write's own
// transaction, so that answers computed from older data are known to be behind
// (src/queries/cache.rs). Each version keeps the times of its last $keep moves (the database's
// clock, newest last), so a reader can tell how long an answer has been behind, and what each
// touched ($touched: the organisations' ids, space-separated, or `*` for everything), so a chain's
// graph can read just those again. The scopes come sorted, so two writes lock them in the same
// order and cannot deadlock on them.
UNWIND $scopes AS scope
MERGE (v:DataVersion {id: scope})
ON CREATE SET v.epoch = randomUUID(), v.n = 0, v.times = [], v.touched = []
SET v.n = v.n + 1, v.times = (coalesce(v.times, []) + timestamp())[-$keep..],
    v.touched = (coalesce(v.touched, []) + $touched)[-$keep..]
