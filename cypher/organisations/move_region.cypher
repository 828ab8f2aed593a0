MATCH (o:Organisation {id: $id}), (r:Region {code: $region})
OPTIONAL MATCH (o)-[old:LOCATED_IN]->(:Region)
DELETE old
WITH DISTINCT o, r
MERGE (o)-[:LOCATED_IN]->(r)
SET o.region_code = r.code
