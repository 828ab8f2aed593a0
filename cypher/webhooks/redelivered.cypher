// A delivery sent again by hand: its log entry counts it and keeps the answer.
MATCH (d:WebhookDelivery {webhook_id: $id, seq: $seq})
SET d.redeliveries = d.redeliveries + 1, d.last_attempt_at = datetime(),
    d.response_status = $status, d.last_error = $error,
    d.delivered_at = CASE WHEN $error IS NULL THEN datetime() ELSE d.delivered_at END
RETURN true AS done
