// The second statement of a claim (claim.cypher locked these endpoints): each whose lease is
// still free for $holder, read now under the lock, is leased to $holder for $lease_ms.
MATCH (w:Webhook)
WHERE w.id IN $ids AND w.state = 'active'
  AND (w.lease_until IS NULL OR w.lease_until < datetime() OR w.lease_holder = $holder)
SET w.lease_holder = $holder, w.lease_until = datetime() + duration({milliseconds: $lease_ms})
RETURN w {.id, .url, .stream, .kinds, .chain, .region, .owner, .secret, .epoch, .after,
          .attempts, .created_by} AS webhook
