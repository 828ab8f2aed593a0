// Raises the alerts of a batch of changes, once per watch and change, never for a watcher's own
// change: a watched organisation changed, or a relationship with it at one end ('changed'); a
// change about an organisation in a watched chain, link or region, as written or before
// ('in_scope'); a change on a supplier up to three tiers upstream of a watched firm that can
// cut its supply ($changes[].upstream: 'upstream', with the supply path). The most specific
// reason wins: changed, then upstream, then in_scope. A revoked key's watches raise nothing.
UNWIND $changes AS c
CALL (c) {
  MATCH (w:Watch) WHERE w.kind IN ['enterprise', 'rd_source'] AND w.target IN c.about
  RETURN w, 0 AS rank, 'changed' AS reason, [] AS path
  UNION
  MATCH (w:Watch {kind: 'chain'}) WHERE w.target IN c.chains
  RETURN w, 2 AS rank, 'in_scope' AS reason, [] AS path
  UNION
  MATCH (w:Watch {kind: 'link'}) WHERE w.target IN c.links
  RETURN w, 2 AS rank, 'in_scope' AS reason, [] AS path
  UNION
  MATCH (w:Watch {kind: 'region'})
  WHERE EXISTS {
    MATCH (:Region {code: w.target})<-[:PART_OF|ALSO_PART_OF*0..3]-(r:Region)
    WHERE r.code IN c.regions
  }
  RETURN w, 2 AS rank, 'in_scope' AS reason, [] AS path
  UNION
  // From each watched firm's side: one shortest supply path to it, not every path of up to
  // three hops from a hub with thousands of them.
  WITH c WHERE c.upstream
  MATCH (s:Organisation {id: c.target_id})
  MATCH (w:Watch {kind: 'enterprise'})
  MATCH p = SHORTEST 1 (s)-[:SUPPLIES]->{1,3}(f:Organisation {id: w.target})
  RETURN w, 1 AS rank, 'upstream' AS reason, [n IN nodes(p) | n.id] AS path
}
WITH c, w, rank, reason, path
WHERE w.key_id <> c.by_key
  // A revoked key's watches raise nothing.
  AND NOT EXISTS { MATCH (k:ApiKey {id: w.key_id}) WHERE k.revoked_at IS NOT NULL }
WITH c, w, rank, reason, path ORDER BY rank, size(path)
WITH c, w, head(collect({reason: reason, path: path})) AS best
MERGE (a:Alert {id: w.id + ':' + toString(c.seq)})
ON CREATE SET a.key_id = w.key_id, a.watch_id = w.id, a.seq = c.seq, a.reason = best.reason,
              a.path = best.path, a.read = false, a.at = datetime()
RETURN count(a) AS raised
