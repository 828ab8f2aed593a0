// What a member organisation ($owner) has recorded: its organisations and relationships with
// their review status, the most recently changed first.
CALL () {
  MATCH (o:Organisation {owner: $owner})
  RETURN o.kind AS kind, o.id AS id, o.name_zh AS title, coalesce(o.verified, false) AS verified,
         o.rejected_reason AS reason, coalesce(o.updated_at, o.created_at) AS at
  UNION ALL
  MATCH (a:Organisation)-[r]->(b)
  WHERE type(r) IN $types AND r.owner = $owner
  RETURN 'relationship' AS kind, r.id AS id,
         a.name_zh + ' → ' + coalesce(b.name_zh, b.code) AS title,
         coalesce(r.verified, false) AS verified, r.rejected_reason AS reason,
         coalesce(r.updated_at, r.recorded_at) AS at
}
WITH * ORDER BY at DESC, id
LIMIT $limit
RETURN {kind: kind, id: id, title: title, verified: verified, reason: reason,
        updated_at: toString(at)} AS record
