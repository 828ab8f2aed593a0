UNWIND $ids AS wanted
OPTIONAL MATCH (o:Organisation {id: wanted})
RETURN wanted AS id, o IS NOT NULL AS found
