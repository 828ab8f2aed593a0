// A page of the change feed: the changes after place $after, in commit order, of the record
// kinds $kinds (all when null), and the feed's epoch and newest place. Changes recorded before
// the feed existed have no place and are only in their records' histories.
OPTIONAL MATCH (feed:ChangeFeed {id: 'changes'})
CALL (feed) {
  MATCH (c:Change)
  WHERE c.seq > $after AND feed IS NOT NULL
    AND ($kinds IS NULL OR c.target_kind IN $kinds)
  WITH c ORDER BY c.seq LIMIT $limit
  RETURN collect(c {.id, .seq, record_id: coalesce(c.record_id, c.target_id),
                    record_kind: c.target_kind, .action, .by_key, .by_owner, .changes,
                    at: toString(c.at)}) AS changes
}
RETURN feed.epoch AS epoch, coalesce(feed.n, 0) AS head, changes
