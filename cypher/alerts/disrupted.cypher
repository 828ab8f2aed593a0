// Alerts for the watchers of firms the impact rule finds disrupted by an event: the most
// specific reason, so it replaces another alert of the same watch and change.
UNWIND $disrupted AS d
MATCH (w:Watch {kind: 'enterprise', target: d.firm})
WHERE w.key_id <> d.by_key
  AND NOT EXISTS { MATCH (k:ApiKey {id: w.key_id}) WHERE k.revoked_at IS NOT NULL }
MERGE (a:Alert {id: w.id + ':' + toString(d.seq)})
ON CREATE SET a.key_id = w.key_id, a.watch_id = w.id, a.seq = d.seq, a.read = false,
              a.at = datetime()
SET a.reason = 'disrupted', a.path = d.path
RETURN count(a) AS raised
