// Computed answers kept in the database (src/queries/cache.rs): a restarted or added service
// instance serves them at once instead of computing them again.
CREATE CONSTRAINT answer_key IF NOT EXISTS FOR (a:Answer) REQUIRE a.key IS UNIQUE;
