// The delivery log of endpoint $id, newest first, before place $before (from the newest when
// null).
MATCH (d:WebhookDelivery {webhook_id: $id})
WHERE $before IS NULL OR d.seq < $before
WITH d ORDER BY d.seq DESC LIMIT $limit
RETURN d {.event_id, .seq, .record_kind, .record_id, .action, .status, .attempts,
          .redeliveries, .response_status, .last_error,
          first_attempt_at: toString(d.first_attempt_at),
          last_attempt_at: toString(d.last_attempt_at),
          delivered_at: toString(d.delivered_at)} AS delivery
