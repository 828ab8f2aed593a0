MERGE (m:SchemaFile {name: $name})
SET m.checksum = $checksum, m.applied_at = datetime()
