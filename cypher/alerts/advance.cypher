// The alerter has raised the alerts of every change up to $upto (while $holder holds it).
MATCH (a:AlertFeed {id: 'alerts'})
WHERE a.lease_holder = $holder
SET a.after = $upto, a.lease_until = datetime() + duration({milliseconds: $lease_ms})
RETURN a.after AS after
