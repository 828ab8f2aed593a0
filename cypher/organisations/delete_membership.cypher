MATCH (o:Enterprise {id: $id})-[m:OPERATES_IN]->(:Segment {id: $segment})
DELETE m
RETURN count(m) AS removed
