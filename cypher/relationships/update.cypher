// Re-imported relationships: new property values, same identity. __REL__ as in create.cypher.
UNWIND $rows AS row
MATCH ()-[r:__REL__ {id: row.id}]->()
SET r += row.props, r.source = row.source
