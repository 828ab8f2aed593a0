// The endpoints $owner registered (every one when $owner is null), oldest first; $id narrows
// to one.
MATCH (w:Webhook)
WHERE ($owner IS NULL OR w.owner = $owner) AND ($id IS NULL OR w.id = $id)
RETURN w {.*, secret: null, created_at: toString(w.created_at), failing_since: toString(w.failing_since),
          next_attempt_at: toString(w.next_attempt_at), lease_until: null} AS webhook
ORDER BY w.created_at, w.id
