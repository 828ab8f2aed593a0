// Every chain link id, to check import rows without a query per row.
MATCH (s:Segment)
RETURN collect(s.id) AS ids
