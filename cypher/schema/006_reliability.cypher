// Relationship ids are unique per type (they were only indexed): a relationship imported twice
// at once fails the second write instead of existing twice. The old indexes must go first, as a
// constraint brings its own index.
DROP INDEX supplies_id IF EXISTS;
DROP INDEX transfers_technology_id IF EXISTS;
DROP INDEX invests_in_id IF EXISTS;
DROP INDEX cooperates_with_id IF EXISTS;
DROP INDEX incubates_id IF EXISTS;
DROP INDEX branch_of_id IF EXISTS;
DROP INDEX relocated_from_id IF EXISTS;
CREATE CONSTRAINT supplies_id_unique IF NOT EXISTS FOR ()-[r:SUPPLIES]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT transfers_technology_id_unique IF NOT EXISTS FOR ()-[r:TRANSFERS_TECHNOLOGY]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT invests_in_id_unique IF NOT EXISTS FOR ()-[r:INVESTS_IN]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT cooperates_with_id_unique IF NOT EXISTS FOR ()-[r:COOPERATES_WITH]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT incubates_id_unique IF NOT EXISTS FOR ()-[r:INCUBATES]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT branch_of_id_unique IF NOT EXISTS FOR ()-[r:BRANCH_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT relocated_from_id_unique IF NOT EXISTS FOR ()-[r:RELOCATED_FROM]-() REQUIRE r.id IS UNIQUE;
// Idempotency keys of creating requests, and the audit log of key events.
CREATE CONSTRAINT idempotency_scope IF NOT EXISTS FOR (k:IdempotencyKey) REQUIRE k.scope IS UNIQUE;
CREATE INDEX idempotency_at IF NOT EXISTS FOR (k:IdempotencyKey) ON (k.at);
CREATE INDEX audit_at IF NOT EXISTS FOR (a:AuditEvent) ON (a.at);
CREATE CONSTRAINT import_job_id IF NOT EXISTS FOR (j:ImportJob) REQUIRE j.id IS UNIQUE;
CREATE CONSTRAINT data_version_id IF NOT EXISTS FOR (v:DataVersion) REQUIRE v.id IS UNIQUE;
// Import rows name R&D sources by region and Chinese name.
CREATE INDEX rd_source_region_name IF NOT EXISTS FOR (r:RdSource) ON (r.region_code, r.name_zh);
