UNWIND $rows AS row
MERGE (c:Cluster {id: row.id})
SET c.name_zh = row.name_zh, c.name_en = row.name_en, c.kind = row.kind,
    c.listed_year = row.listed_year, c.description = row.description, c.source = $source,
    c.dataset = 'reference'
WITH c, row WHERE row.lead_region IS NOT NULL
MATCH (r:Region {code: row.lead_region})
MERGE (c)-[:LED_BY]->(r)
