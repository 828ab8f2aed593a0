// The first $changes changes after place $after that raised alerts for key $key_id, up to the
// alerter's place (their alerts are all raised: a batch is raised in one transaction), with that
// place and the feed's epoch.
// The alerter's place is read before the alerts (as the feed's head is, history/feed.cypher).
MATCH (alerter:AlertFeed {id: 'alerts'})
WITH alerter.after AS head
OPTIONAL MATCH (feed:ChangeFeed {id: 'changes'})
CALL (head) {
  MATCH (a:Alert {key_id: $key_id})
  WHERE a.seq > $after AND a.seq <= head
  WITH DISTINCT a.seq AS seq ORDER BY seq LIMIT $changes
  RETURN collect(seq) AS seqs
}
RETURN {head: head, epoch: feed.epoch, seqs: seqs} AS raised
