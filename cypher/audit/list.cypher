// The newest events first, a page at a time: events strictly older than $before.
MATCH (a:AuditEvent)
WHERE ($before IS NULL OR a.at < datetime($before))
  AND ($action IS NULL OR a.action = $action)
WITH a ORDER BY a.at DESC, a.id DESC
LIMIT $limit
RETURN a {.id, .action, .actor, .subject, .address, .detail, at: toString(a.at)} AS event
