// Relationships of one organisation, by direction and type. $types holds relationship type
// names taken from the Rust RelKind enum.
MATCH (o:Organisation {id: $id})
CALL (o) {
  MATCH (o)-[r]->(b)
  WHERE $direction IN ['out', 'both'] AND type(r) IN $types
  RETURN r, o AS a, b
  UNION
  MATCH (a)-[r]->(o)
  WHERE $direction IN ['in', 'both'] AND type(r) IN $types
  RETURN r, a, o AS b
}
WITH r, a, b
WHERE ($verified IS NULL OR coalesce(r.verified, false) = $verified)
  AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)
RETURN r {.*, recorded_at: toString(r.recorded_at)} AS props, type(r) AS type,
       a.id AS source_id, a.name_zh AS source_name_zh,
       coalesce(b.id, b.code) AS target_id, b.name_zh AS target_name_zh
ORDER BY r.id
LIMIT $limit
