// Removes an endpoint of $owner's (any when null) and its delivery log.
MATCH (w:Webhook {id: $id})
WHERE $owner IS NULL OR w.owner = $owner
CALL (w) {
  MATCH (d:WebhookDelivery {webhook_id: w.id})
  DELETE d
}
DELETE w
RETURN true AS deleted
