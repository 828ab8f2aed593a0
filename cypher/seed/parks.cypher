UNWIND $rows AS row
MATCH (r:Region {code: row.region})
MERGE (p:Park {id: row.id})
SET p.name_zh = row.name_zh, p.name_en = row.name_en, p.description = row.description,
    p.note = row.note, p.former_names = row.former_names, p.co_builders = row.co_builders,
    p.arrangement = row.arrangement, p.source = coalesce(row.source, $source),
    p.dataset = 'reference'
MERGE (p)-[:LOCATED_IN]->(r)
