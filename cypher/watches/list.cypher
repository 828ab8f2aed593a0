// What key $key_id watches, newest first.
MATCH (w:Watch {key_id: $key_id})
RETURN w {.id, .kind, .target, .name_zh, created_at: toString(w.created_at)} AS watch
ORDER BY w.created_at DESC, w.id
