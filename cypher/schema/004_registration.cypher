// API keys, and the change history the write API records.
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE;
CREATE CONSTRAINT change_id IF NOT EXISTS FOR (c:Change) REQUIRE c.id IS UNIQUE;
CREATE INDEX change_target IF NOT EXISTS FOR (c:Change) ON (c.target_id);
CREATE INDEX organisation_owner IF NOT EXISTS FOR (o:Organisation) ON (o.owner);
CREATE INDEX organisation_name_zh IF NOT EXISTS FOR (o:Organisation) ON (o.name_zh);
