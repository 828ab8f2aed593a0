// The receiver took change $seq: the endpoint moves past it (while $holder still holds it) and
// the delivery log says so.
MATCH (w:Webhook {id: $id})
WHERE w.lease_holder = $holder
SET w.after = $seq, w.epoch = $epoch, w.attempts = 0, w.failing_since = null,
    w.next_attempt_at = null, w.last_error = null, w.last_failure = null, w.last_status = $status,
    w.delivered = w.delivered + 1,
    w.lease_until = datetime() + duration({milliseconds: $lease_ms})
MERGE (d:WebhookDelivery {id: w.id + ':' + toString($seq)})
ON CREATE SET d.webhook_id = w.id, d.seq = $seq, d.event_id = $event_id,
              d.record_kind = $record_kind, d.record_id = $record_id, d.action = $action,
              d.first_attempt_at = datetime(), d.attempts = 0, d.redeliveries = 0
SET d.status = 'delivered', d.attempts = d.attempts + 1, d.response_status = $status,
    d.last_error = null, d.last_attempt_at = datetime(), d.delivered_at = datetime()
RETURN w.delivered AS delivered
