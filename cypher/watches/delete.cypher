// Key $key_id stops watching $id; its alerts from that watch go with it.
MATCH (w:Watch {id: $id, key_id: $key_id})
CALL (w) {
  MATCH (a:Alert {key_id: w.key_id}) WHERE a.watch_id = w.id
  DELETE a
}
DELETE w
RETURN true AS deleted
