// Which of these organisation ids are in use.
UNWIND $ids AS wanted
MATCH (o:Organisation {id: wanted})
RETURN o.id AS id
