// One batch of relationships; run until it deletes none. Relationships go first: a busy node's
// thousands would otherwise all fall into one batch of nodes.
MATCH ()-[r]->()
WITH r LIMIT 20000
DELETE r
RETURN count(*) AS deleted
