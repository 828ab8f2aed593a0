// One batch of nodes; run until it deletes none.
MATCH (n)
WITH n LIMIT 20000
DETACH DELETE n
RETURN count(*) AS deleted
