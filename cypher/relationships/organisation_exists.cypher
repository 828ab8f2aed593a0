MATCH (o:Organisation {id: $id})
RETURN count(o) > 0 AS found
