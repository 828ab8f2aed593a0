UNWIND $rows AS row
MERGE (r:Region {code: row.code})
SET r.name_zh = row.name_zh, r.name_en = row.name_en, r.level = row.level, r.note = row.note,
    r.gbt2260 = row.gbt2260, r.source = $source, r.dataset = 'reference'
