// Re-imported relationships ($rows as in create.cypher): new property values, same identity.
// A change by anyone but a curator ($curator false) needs verifying again.
UNWIND $rows AS row
MATCH (:Organisation {id: row.source_id})-[r]->()
WHERE r.id = row.id
SET r += row.props, r.source = row.source,
    r.verified = CASE WHEN $curator THEN r.verified ELSE false END
