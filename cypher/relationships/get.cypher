// One relationship by id. Neo4j 5.26 uses a relationship index only for a literal type, so
// there is one branch per type (every RelKind; a unit test checks none is missing), each
// seeking that type's index on `id`.
MATCH (a)-[r:SUPPLIES {id: $id}]->(b)
RETURN r {.*, recorded_at: toString(r.recorded_at)} AS props, type(r) AS type,
       a.id AS source_id, a.name_zh AS source_name_zh,
       coalesce(b.id, b.code) AS target_id, b.name_zh AS target_name_zh
UNION ALL
MATCH (a)-[r:TRANSFERS_TECHNOLOGY {id: $id}]->(b)
RETURN r {.*, recorded_at: toString(r.recorded_at)} AS props, type(r) AS type,
       a.id AS source_id, a.name_zh AS source_name_zh,
       coalesce(b.id, b.code) AS target_id, b.name_zh AS target_name_zh
UNION ALL
MATCH (a)-[r:INVESTS_IN {id: $id}]->(b)
RETURN r {.*, recorded_at: toString(r.recorded_at)} AS props, type(r) AS type,
       a.id AS source_id, a.name_zh AS source_name_zh,
       coalesce(b.id, b.code) AS target_id, b.name_zh AS target_name_zh
UNION ALL
MATCH (a)-[r:COOPERATES_WITH {id: $id}]->(b)
RETURN r {.*, recorded_at: toString(r.recorded_at)} AS props, type(r) AS type,
       a.id AS source_id, a.name_zh AS source_name_zh,
       coalesce(b.id, b.code) AS target_id, b.name_zh AS target_name_zh
UNION ALL
MATCH (a)-[r:INCUBATES {id: $id}]->(b)
RETURN r {.*, recorded_at: toString(r.recorded_at)} AS props, type(r) AS type,
       a.id AS source_id, a.name_zh AS source_name_zh,
       coalesce(b.id, b.code) AS target_id, b.name_zh AS target_name_zh
UNION ALL
MATCH (a)-[r:BRANCH_OF {id: $id}]->(b)
RETURN r {.*, recorded_at: toString(r.recorded_at)} AS props, type(r) AS type,
       a.id AS source_id, a.name_zh AS source_name_zh,
       coalesce(b.id, b.code) AS target_id, b.name_zh AS target_name_zh
UNION ALL
MATCH (a)-[r:RELOCATED_FROM {id: $id}]->(b)
RETURN r {.*, recorded_at: toString(r.recorded_at)} AS props, type(r) AS type,
       a.id AS source_id, a.name_zh AS source_name_zh,
       coalesce(b.id, b.code) AS target_id, b.name_zh AS target_name_zh
