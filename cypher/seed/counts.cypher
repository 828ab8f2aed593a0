// Counts only what the seeds own (dataset set), so data written by users or tests is ignored.
CALL () {
  MATCH (n) WHERE n.dataset IS NOT NULL
  RETURN count(n) AS nodes
}
CALL () {
  MATCH ()-[r]->() WHERE r.dataset IS NOT NULL
     OR (startNode(r).dataset IS NOT NULL AND endNode(r).dataset IS NOT NULL)
  RETURN count(r) AS relationships
}
RETURN nodes, relationships
