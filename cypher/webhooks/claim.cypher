// The first of two statements that take endpoints for $holder, in one transaction: up to $max
// active endpoints that are due (the feed — or, for an alerts endpoint, the alerter — has moved
// past their place, and they are not waiting for a retry) and not held by another instance,
// each write-locked (`claiming`) so that the second statement (claim_lease.cypher) reads their
// leases again under the lock: of two instances claiming at once, the second sees the first's.
MATCH (feed:ChangeFeed {id: 'changes'})
OPTIONAL MATCH (alerter:AlertFeed {id: 'alerts'})
MATCH (w:Webhook {state: 'active'})
WHERE (w.epoch IS NULL OR w.epoch <> feed.epoch
       OR w.after < CASE coalesce(w.stream, 'changes')
                      WHEN 'alerts' THEN coalesce(alerter.after, 0) ELSE feed.n END)
  AND (w.next_attempt_at IS NULL OR w.next_attempt_at <= datetime())
  AND (w.lease_until IS NULL OR w.lease_until < datetime() OR w.lease_holder = $holder)
  AND NOT w.id IN $busy
  // The key that registered it must still be valid: a revoked key's endpoints wait.
  AND NOT EXISTS { MATCH (k:ApiKey {id: w.created_by}) WHERE k.revoked_at IS NOT NULL }
WITH w ORDER BY w.id LIMIT $max
SET w.claiming = true
REMOVE w.claiming
RETURN w.id AS id
