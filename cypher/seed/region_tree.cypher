UNWIND $rows AS row
WITH row WHERE row.parent IS NOT NULL
MATCH (r:Region {code: row.code}), (p:Region {code: row.parent})
MERGE (r)-[:PART_OF]->(p)
