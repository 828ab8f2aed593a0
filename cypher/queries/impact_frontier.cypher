// One breadth-first step of an impact analysis: the customers of the organisations in $ids.
UNWIND $ids AS id
MATCH (:Organisation {id: id})-[:SUPPLIES]->(d:Organisation)
RETURN DISTINCT d.id AS id
