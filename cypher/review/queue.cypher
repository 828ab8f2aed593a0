// The curator's queue: real (never synthetic) records that are neither verified nor rejected,
// and any record a member disputes, the longest waiting first, optionally of one member
// organisation ($owner) and one kind ($kind: enterprise, rd_source or relationship).
// Relationship types are given ($types, from RelKind). With each, its open disputes and its
// history since it was last verified, to show what changed.
CALL () {
  MATCH (o:Organisation)
  WHERE ((NOT coalesce(o.verified, false) AND o.rejected_reason IS NULL
          AND NOT coalesce(o.synthetic, false))
         OR EXISTS { MATCH (d:Dispute {target_id: o.id}) WHERE d.status = 'open' })
    AND ($owner IS NULL OR o.owner = $owner) AND ($kind IS NULL OR o.kind = $kind)
  RETURN o.kind AS kind, o.id AS id, o.name_zh AS title, o.owner AS owner, o.source AS source,
         coalesce(o.updated_at, o.created_at) AS since
  UNION ALL
  MATCH (a:Organisation)-[r]->(b)
  WHERE ($kind IS NULL OR $kind = 'relationship') AND type(r) IN $types
    AND ((NOT coalesce(r.verified, false) AND r.rejected_reason IS NULL
          AND NOT coalesce(r.synthetic, false))
         OR EXISTS { MATCH (d:Dispute {target_id: r.id}) WHERE d.status = 'open' })
    AND ($owner IS NULL OR r.owner = $owner)
  RETURN 'relationship' AS kind, r.id AS id,
         a.name_zh + ' → ' + coalesce(b.name_zh, b.code) AS title, r.owner AS owner,
         r.source AS source, r.recorded_at AS since
}
WITH kind, id, title, owner, source, since
ORDER BY since, id
LIMIT $limit
CALL (kind, id) {
  OPTIONAL MATCH (d:Dispute {target_id: id})
  WHERE d.target_kind = kind AND d.status = 'open'
  WITH d ORDER BY d.at
  RETURN collect(d {.id, .reason, .by_owner, at: toString(d.at)}) AS disputes
}
CALL (kind, id) {
  OPTIONAL MATCH (c:Change {target_id: id})
  WHERE c.target_kind = kind
  WITH c ORDER BY c.at, c.id
  WITH collect(c) AS logged
  WITH logged, [i IN range(0, size(logged) - 1) WHERE logged[i].action = 'verify' | i] AS verifies
  WITH CASE WHEN size(verifies) = 0 THEN logged ELSE logged[last(verifies) + 1..] END
       AS since_verified
  RETURN [c IN since_verified | {action: c.action, changes: c.changes}] AS history
}
RETURN {kind: kind, id: id, title: title, owner: owner, source: source,
        since: toString(since), history: history, disputes: disputes} AS item
