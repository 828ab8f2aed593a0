MATCH (o:Enterprise {id: $id}), (s:Segment {id: $segment})
MERGE (o)-[m:OPERATES_IN]->(s)
SET m.role = $role, m.products = $products
SET o.updated_at = datetime()
