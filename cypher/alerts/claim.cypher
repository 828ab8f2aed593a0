// The alerter's place in the change feed, for $holder for $lease_ms unless another instance
// holds it (locked before its lease is read again). Started at the feed's head: alerts are
// about changes from then on. Returns nothing when another instance holds it.
MATCH (feed:ChangeFeed {id: 'changes'})
MERGE (a:AlertFeed {id: 'alerts'})
ON CREATE SET a.epoch = feed.epoch, a.after = feed.n
SET a.claiming = true
REMOVE a.claiming
WITH feed, a
WHERE a.lease_until IS NULL OR a.lease_until < datetime() OR a.lease_holder = $holder
SET a.lease_holder = $holder, a.lease_until = datetime() + duration({milliseconds: $lease_ms})
// A feed begun anew (reset, replaced): the alerter starts at its head.
WITH feed, a, a.epoch <> feed.epoch AS reset
SET a.epoch = feed.epoch, a.after = CASE WHEN reset THEN feed.n ELSE a.after END
RETURN {after: a.after, head: feed.n} AS place
