// Re-imported relationships ($rows as in create.cypher): new property values, same identity.
UNWIND $rows AS row
MATCH (:Organisation {id: row.source_id})-[r]->()
WHERE r.id = row.id
SET r += row.props, r.source = row.source
