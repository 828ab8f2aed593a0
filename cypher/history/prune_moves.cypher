// Drops the version moves older than $before_secs (a batch at a time): a graph that far behind
// is read whole.
MATCH (m:DataMove)
WHERE m.at < datetime() - duration({seconds: $before_secs})
WITH m LIMIT 10000
DELETE m
RETURN count(*) AS pruned
