// A national cluster and the one of the five groups it is nearest to (run after every cluster
// exists).
UNWIND $rows AS row
UNWIND row.corresponds_to AS other_id
MATCH (c:Cluster {id: row.id}), (other:Cluster {id: other_id})
MERGE (c)-[:CORRESPONDS_TO]->(other)
