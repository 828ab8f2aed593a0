// Key $key_id's alerts, newest change first, before alert ($before_seq, $before_id) when given;
// only unread ones when $unread_only, only those about the changes $seqs when given; and how
// many are unread in all.
CALL () {
  MATCH (u:Alert {key_id: $key_id, read: false})
  RETURN count(u) AS unread
}
OPTIONAL MATCH (feed:ChangeFeed {id: 'changes'})
CALL (feed) {
  MATCH (a:Alert {key_id: $key_id})
  WHERE (NOT $unread_only OR a.read = false)
    AND ($seqs IS NULL OR a.seq IN $seqs)
    AND ($before_seq IS NULL OR a.seq < $before_seq
         OR (a.seq = $before_seq AND a.id < $before_id))
  WITH a ORDER BY a.seq DESC, a.id DESC LIMIT $limit
  MATCH (w:Watch {id: a.watch_id})
  MATCH (c:Change {seq: a.seq})
  OPTIONAL MATCH (o:Organisation {id: c.target_id})
  RETURN collect(a {.id, .reason, .read, at: toString(a.at),
    watch: w {.id, .kind, .target, .name_zh, created_at: toString(w.created_at)},
    record_name_zh: o.name_zh,
    path: [step IN a.path | {id: step,
           name_zh: head(COLLECT { MATCH (p:Organisation {id: step}) RETURN p.name_zh })}],
    change: c {cursor: feed.epoch + '-' + toString(c.seq), record_id: coalesce(c.record_id, c.target_id),
               record_kind: c.target_kind, .id, .action, .by_key, .by_owner, .changes,
               at: toString(c.at)}}) AS alerts
}
RETURN unread, alerts
