UNWIND $rows AS row
MATCH (o:Organisation {id: row.org}), (g:Region {code: row.from_region})
MERGE (o)-[r:RELOCATED_FROM {id: row.id}]->(g)
ON CREATE SET r.recorded_at = datetime()
SET r.year = row.year, r.scope = row.scope, r.source = row.source, r.synthetic = row.synthetic,
    r.recorded_by = $recorded_by, r.verified = NOT row.synthetic, r.dataset = 'demo'
