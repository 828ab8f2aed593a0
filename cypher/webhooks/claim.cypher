// Takes up to $max active endpoints that are due (the feed has moved past their place, and they
// are not waiting for a retry) and not held by another instance, for $holder, for $lease_ms. Each is locked before its lease is read again
// (`w.claiming`), so two instances claiming at once never both take it.
// An alerts endpoint is due when the alerter has looked past its place.
MATCH (feed:ChangeFeed {id: 'changes'})
OPTIONAL MATCH (alerter:AlertFeed {id: 'alerts'})
MATCH (w:Webhook {state: 'active'})
WHERE (w.epoch IS NULL OR w.epoch <> feed.epoch
       OR w.after < CASE coalesce(w.stream, 'changes')
                      WHEN 'alerts' THEN coalesce(alerter.after, 0) ELSE feed.n END)
  AND (w.next_attempt_at IS NULL OR w.next_attempt_at <= datetime())
  AND (w.lease_until IS NULL OR w.lease_until < datetime() OR w.lease_holder = $holder)
  AND NOT w.id IN $busy
WITH w ORDER BY w.id LIMIT $max
SET w.claiming = true
WITH w
WHERE w.state = 'active'
  AND (w.lease_until IS NULL OR w.lease_until < datetime() OR w.lease_holder = $holder)
SET w.lease_holder = $holder, w.lease_until = datetime() + duration({milliseconds: $lease_ms})
REMOVE w.claiming
RETURN w {.id, .url, .stream, .kinds, .chain, .region, .owner, .secret, .epoch, .after,
          .attempts, .created_by}
       AS webhook
