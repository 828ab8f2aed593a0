UNWIND $rows AS row
MATCH (r:Region {code: row.region})
MERGE (p:Park {id: row.id})
SET p.name_zh = row.name_zh, p.name_en = row.name_en, p.description = row.description,
    p.note = row.note, p.source = $source, p.dataset = 'reference'
MERGE (p)-[:LOCATED_IN]->(r)
