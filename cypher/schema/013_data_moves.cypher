// Each move of a scope's data version is kept for a while as a (:DataMove) with what it touched,
// so a chain's graph can read just that again (src/queries/cache.rs); moves older than an hour
// are pruned.
CREATE INDEX data_move_scope_n IF NOT EXISTS FOR (m:DataMove) ON (m.scope, m.n);
CREATE INDEX data_move_at IF NOT EXISTS FOR (m:DataMove) ON (m.at);
