// Pauses an endpoint $holder holds, for $reason (its place is in a feed this database no longer
// has).
MATCH (w:Webhook {id: $id})
WHERE w.lease_holder = $holder
SET w.state = 'paused', w.paused_reason = $reason, w.lease_until = null
