// Keeps the newest $kept entries of endpoint $id's delivery log.
MATCH (d:WebhookDelivery {webhook_id: $id})
WITH d ORDER BY d.seq DESC SKIP $kept
DELETE d
RETURN count(*) AS pruned
