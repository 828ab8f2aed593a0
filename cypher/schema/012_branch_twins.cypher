// Paths follow branches both ways (issue 10): beside each BRANCH_OF, a HAS_BRANCH the other way
// round with the same id (RelKind::reverse_twin). Branches recorded before this file get theirs;
// it touches only those still without.
MATCH (branch:Organisation)-[r:BRANCH_OF]->(parent:Organisation)
WHERE NOT EXISTS { (parent)-[:HAS_BRANCH {id: r.id}]->(branch) }
CALL (branch, r, parent) {
  CREATE (parent)-[t:HAS_BRANCH {id: r.id}]->(branch)
  SET t.synthetic = r.synthetic
} IN TRANSACTIONS OF 10000 ROWS;
