// Stored properties of the relationships with these ids ($rows: {id, type}). Each row seeks
// its type's index on `id` (a literal type in each branch, one per RelKind): finding a
// relationship from its source instead would walk every relationship of a busy supplier.
UNWIND $rows AS w
CALL (w) {
  WITH w WHERE w.type = 'SUPPLIES'
  MATCH ()-[r:SUPPLIES {id: w.id}]->()
  RETURN r
  UNION
  WITH w WHERE w.type = 'TRANSFERS_TECHNOLOGY'
  MATCH ()-[r:TRANSFERS_TECHNOLOGY {id: w.id}]->()
  RETURN r
  UNION
  WITH w WHERE w.type = 'INVESTS_IN'
  MATCH ()-[r:INVESTS_IN {id: w.id}]->()
  RETURN r
  UNION
  WITH w WHERE w.type = 'COOPERATES_WITH'
  MATCH ()-[r:COOPERATES_WITH {id: w.id}]->()
  RETURN r
  UNION
  WITH w WHERE w.type = 'INCUBATES'
  MATCH ()-[r:INCUBATES {id: w.id}]->()
  RETURN r
  UNION
  WITH w WHERE w.type = 'BRANCH_OF'
  MATCH ()-[r:BRANCH_OF {id: w.id}]->()
  RETURN r
  UNION
  WITH w WHERE w.type = 'RELOCATED_FROM'
  MATCH ()-[r:RELOCATED_FROM {id: w.id}]->()
  RETURN r
}
RETURN w.id AS id, properties(r) AS props
