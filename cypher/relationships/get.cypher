// __REL__ is replaced by one relationship type; the store joins one copy per type with UNION ALL
// so that each part can use that type's index on `id`.
MATCH (a)-[r:__REL__ {id: $id}]->(b)
RETURN r {.*, recorded_at: toString(r.recorded_at)} AS props, type(r) AS type,
       a.id AS source_id, a.name_zh AS source_name_zh,
       coalesce(b.id, b.code) AS target_id, b.name_zh AS target_name_zh
