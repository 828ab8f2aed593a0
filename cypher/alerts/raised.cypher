// The first $changes changes after place $after that raised alerts for key $key_id, up to the
// alerter's place (their alerts are all raised: a batch is raised in one transaction), with that
// place and the feed's epoch.
MATCH (alerter:AlertFeed {id: 'alerts'})
OPTIONAL MATCH (feed:ChangeFeed {id: 'changes'})
CALL (alerter) {
  MATCH (a:Alert {key_id: $key_id})
  WHERE a.seq > $after AND a.seq <= alerter.after
  WITH DISTINCT a.seq AS seq ORDER BY seq LIMIT $changes
  RETURN collect(seq) AS seqs
}
RETURN {head: alerter.after, epoch: feed.epoch, seqs: seqs} AS raised
