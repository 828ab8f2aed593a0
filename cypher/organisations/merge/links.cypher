// Merging: the duplicate's chain links, capabilities and clusters go to the survivor where it
// has none of its own there (its own are kept as they are).
MATCH (d:Organisation {id: $duplicate}), (s:Organisation {id: $survivor})
CALL (d, s) {
  OPTIONAL MATCH (d)-[m:OPERATES_IN]->(segment:Segment)
  WHERE NOT EXISTS { (s)-[:OPERATES_IN]->(segment) }
  FOREACH (_ IN CASE WHEN m IS NULL THEN [] ELSE [1] END |
    CREATE (s)-[n:OPERATES_IN]->(segment) SET n = properties(m), n.org_id = s.id)
  RETURN count(m) AS links
}
CALL (d, s) {
  OPTIONAL MATCH (d)-[c:CAPABLE_IN]->(segment:Segment)
  WHERE NOT EXISTS { (s)-[:CAPABLE_IN]->(segment) }
  FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END |
    CREATE (s)-[n:CAPABLE_IN]->(segment) SET n = properties(c))
  RETURN count(c) AS capabilities
}
CALL (d, s) {
  OPTIONAL MATCH (d)-[:MEMBER_OF]->(cluster:Cluster)
  WHERE NOT EXISTS { (s)-[:MEMBER_OF]->(cluster) }
  FOREACH (_ IN CASE WHEN cluster IS NULL THEN [] ELSE [1] END |
    CREATE (s)-[:MEMBER_OF]->(cluster))
  RETURN count(cluster) AS clusters
}
RETURN links, capabilities, clusters
