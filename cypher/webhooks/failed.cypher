// The receiver refused change $seq or did not answer: it is tried again after $retry_ms, unless
// it has been failing for $give_up_secs, when the endpoint pauses on it. Either way the lease
// is let go (the retry is anyone's).
MATCH (w:Webhook {id: $id})
WHERE w.lease_holder = $holder
SET w.attempts = w.attempts + 1, w.failing_since = coalesce(w.failing_since, datetime()),
    w.last_error = $error, w.last_status = $status, w.last_failure = $failure,
    w.lease_until = null
WITH w, w.failing_since + duration({seconds: $give_up_secs}) <= datetime() AS gave_up
SET w.next_attempt_at = CASE WHEN gave_up THEN null
                             ELSE datetime() + duration({milliseconds: $retry_ms}) END,
    w.state = CASE WHEN gave_up THEN 'paused' ELSE w.state END,
    w.paused_reason = CASE WHEN gave_up THEN 'gave_up' ELSE w.paused_reason END
MERGE (d:WebhookDelivery {id: w.id + ':' + toString($seq)})
ON CREATE SET d.webhook_id = w.id, d.seq = $seq, d.event_id = $event_id,
              d.record_kind = $record_kind, d.record_id = $record_id, d.action = $action,
              d.first_attempt_at = datetime(), d.attempts = 0, d.redeliveries = 0
SET d.status = CASE WHEN gave_up THEN 'failed' ELSE 'retrying' END,
    d.attempts = d.attempts + 1, d.response_status = $status, d.last_error = $error,
    d.last_attempt_at = datetime()
RETURN gave_up
