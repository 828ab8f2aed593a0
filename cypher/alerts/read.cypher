// Marks key $key_id's alerts $ids (every one when $all) read; how many stay unread.
CALL () {
  MATCH (a:Alert {key_id: $key_id, read: false})
  WHERE $all OR a.id IN $ids
  SET a.read = true
}
MATCH (u:Alert {key_id: $key_id, read: false})
RETURN count(u) AS unread
