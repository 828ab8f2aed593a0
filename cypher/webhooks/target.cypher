// Where endpoint $id (of $owner's; any when null) is and how its deliveries are signed.
MATCH (w:Webhook {id: $id})
WHERE $owner IS NULL OR w.owner = $owner
RETURN w {.id, .url, .secret, .stream, .created_by} AS target
