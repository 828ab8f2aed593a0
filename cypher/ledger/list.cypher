MATCH (m:SchemaFile)
RETURN m.name AS name, m.checksum AS checksum
ORDER BY name
