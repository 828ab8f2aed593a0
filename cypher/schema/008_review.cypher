// Disputes members raise about records (review queue): found by the record they are about.
CREATE CONSTRAINT dispute_id IF NOT EXISTS FOR (d:Dispute) REQUIRE d.id IS UNIQUE;
CREATE INDEX dispute_target IF NOT EXISTS FOR (d:Dispute) ON (d.target_id);
