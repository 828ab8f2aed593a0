// The records each row of a list may be: the best $limit by the row's name in the
// `organisation_match` index ($rows[].lucene, built by src/reconcile/mod.rs from the name's
// characters, pinyin and Latin words), and the enterprise holding the row's USCC. The service
// scores them (src/reconcile/score.rs); Lucene only finds them.
UNWIND $rows AS row
CALL (row) {
  CALL db.index.fulltext.queryNodes('organisation_match', row.lucene, {limit: $limit})
    YIELD node
  WHERE row.kind IS NULL OR node.kind = row.kind
  RETURN node
  UNION
  MATCH (node:Enterprise {uscc: row.uscc})
  WHERE row.kind IS NULL OR row.kind = 'enterprise'
  RETURN node
}
RETURN row.i AS row,
       node {.id, .kind, .name_zh, .name_en, .legal_name, .region_code, .uscc, .verified,
                   .synthetic} AS candidate
