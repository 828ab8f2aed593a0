// Declares what an R&D source can do in a chain link; a member's declaration needs verifying
// again ($curator false).
MATCH (o:Organisation {id: $id}), (s:Segment {id: $segment})
WHERE o.kind = $kind
MERGE (o)-[c:CAPABLE_IN]->(s)
SET c.technology = $technology, c.readiness = $readiness, c.evidence = $evidence,
    c.source = $source
SET o.updated_at = datetime(), o.version = coalesce(o.version, 0) + 1,
    o.verified = CASE WHEN $curator THEN o.verified ELSE false END
