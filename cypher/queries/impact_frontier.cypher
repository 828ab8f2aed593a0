// One breadth-first step of an impact analysis: the customers of the organisations in $ids
// not yet $visited, the first $room of them by id (the caller's budget: past it the answer is
// cut anyway, so a hub's tens of thousands of customers are never all sent back).
UNWIND $ids AS id
MATCH (:Organisation {id: id})-[:SUPPLIES]->(d:Organisation)
WITH DISTINCT d.id AS id
WHERE NOT id IN $visited
RETURN id
ORDER BY id
LIMIT $room
