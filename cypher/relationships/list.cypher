// Every relationship of the kinds asked ($types, from the Rust RelKind enum), a page at a time
// in id order after $after. Neo4j 5.26 uses a relationship index only for a literal type, so
// there is one branch per type (a unit test checks none is missing), each reading its type's
// `id` index in order and stopping at a page; the pages are then merged.
CALL () {
  MATCH (a)-[r:SUPPLIES]->(b)
  WHERE 'SUPPLIES' IN $types AND r.id > $after
    AND ($verified IS NULL OR coalesce(r.verified, false) = $verified)
    AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)
  RETURN r, a, b ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (a)-[r:TRANSFERS_TECHNOLOGY]->(b)
  WHERE 'TRANSFERS_TECHNOLOGY' IN $types AND r.id > $after
    AND ($verified IS NULL OR coalesce(r.verified, false) = $verified)
    AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)
  RETURN r, a, b ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (a)-[r:INVESTS_IN]->(b)
  WHERE 'INVESTS_IN' IN $types AND r.id > $after
    AND ($verified IS NULL OR coalesce(r.verified, false) = $verified)
    AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)
  RETURN r, a, b ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (a)-[r:COOPERATES_WITH]->(b)
  WHERE 'COOPERATES_WITH' IN $types AND r.id > $after
    AND ($verified IS NULL OR coalesce(r.verified, false) = $verified)
    AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)
  RETURN r, a, b ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (a)-[r:INCUBATES]->(b)
  WHERE 'INCUBATES' IN $types AND r.id > $after
    AND ($verified IS NULL OR coalesce(r.verified, false) = $verified)
    AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)
  RETURN r, a, b ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (a)-[r:BRANCH_OF]->(b)
  WHERE 'BRANCH_OF' IN $types AND r.id > $after
    AND ($verified IS NULL OR coalesce(r.verified, false) = $verified)
    AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)
  RETURN r, a, b ORDER BY r.id LIMIT $limit
  UNION ALL
  MATCH (a)-[r:RELOCATED_FROM]->(b)
  WHERE 'RELOCATED_FROM' IN $types AND r.id > $after
    AND ($verified IS NULL OR coalesce(r.verified, false) = $verified)
    AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)
  RETURN r, a, b ORDER BY r.id LIMIT $limit
}
WITH r, a, b
ORDER BY r.id
LIMIT $limit
RETURN r {.*, recorded_at: toString(r.recorded_at)} AS props, type(r) AS type,
       a.id AS source_id, a.name_zh AS source_name_zh,
       coalesce(b.id, b.code) AS target_id, b.name_zh AS target_name_zh
