// A page of the change feed: the changes after place $after, in commit order, of the record
// kinds $kinds, about chain $chain, in region $region or below, and about organisations owned by
// $owner (each filter: all when null),
// and the feed's epoch and newest place. Changes recorded before the feed existed have no
// place and are only in their records' histories.
// The head is read before the changes: every change up to it had committed then (places are
// given in commit order), so a page that is empty up to the head may be skipped past it. Read
// after the scan, a change committing in between would be past a head that an empty page then
// vouched for.
OPTIONAL MATCH (feed:ChangeFeed {id: 'changes'})
WITH feed, feed.epoch AS epoch, coalesce(feed.n, 0) AS head
CALL (feed, head) {
  OPTIONAL MATCH (:Region {code: $region})<-[:PART_OF|ALSO_PART_OF*0..3]-(r:Region)
  WITH collect(DISTINCT r.code) AS codes
  MATCH (c:Change)
  WHERE c.seq > $after AND c.seq <= head AND feed IS NOT NULL
    AND ($kinds IS NULL OR c.target_kind IN $kinds)
    AND ($chain IS NULL OR $chain IN c.chains)
    AND ($region IS NULL OR any(code IN c.regions WHERE code IN codes))
    AND ($owner IS NULL OR $owner IN c.owners)
  WITH c ORDER BY c.seq LIMIT $limit
  RETURN collect(c {.id, .seq, record_id: coalesce(c.record_id, c.target_id),
                    record_kind: c.target_kind, .action, .by_key, .by_owner, .changes,
                    at: toString(c.at)}) AS changes
}
RETURN epoch, head, changes
