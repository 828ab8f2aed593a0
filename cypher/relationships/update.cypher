// Re-imported relationships ($rows: {id, type, props, source}): new property values, same
// identity, each found by its type's index on `id`. A change by anyone but a curator
// ($curator false) needs verifying again.
UNWIND $rows AS row
CALL (row) {
  WITH row WHERE row.type = 'SUPPLIES'
  MATCH ()-[r:SUPPLIES {id: row.id}]->()
  RETURN r
  UNION
  WITH row WHERE row.type = 'TRANSFERS_TECHNOLOGY'
  MATCH ()-[r:TRANSFERS_TECHNOLOGY {id: row.id}]->()
  RETURN r
  UNION
  WITH row WHERE row.type = 'INVESTS_IN'
  MATCH ()-[r:INVESTS_IN {id: row.id}]->()
  RETURN r
  UNION
  WITH row WHERE row.type = 'COOPERATES_WITH'
  MATCH ()-[r:COOPERATES_WITH {id: row.id}]->()
  RETURN r
  UNION
  WITH row WHERE row.type = 'INCUBATES'
  MATCH ()-[r:INCUBATES {id: row.id}]->()
  RETURN r
  UNION
  WITH row WHERE row.type = 'BRANCH_OF'
  MATCH ()-[r:BRANCH_OF {id: row.id}]->()
  RETURN r
  UNION
  WITH row WHERE row.type = 'RELOCATED_FROM'
  MATCH ()-[r:RELOCATED_FROM {id: row.id}]->()
  RETURN r
}
SET r += row.props, r.source = row.source,
    r.verified = CASE WHEN $curator THEN r.verified ELSE false END,
    r.rejected_reason = CASE WHEN $curator THEN r.rejected_reason ELSE null END
