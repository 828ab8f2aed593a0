// The records an import's rows were tied to (by name, or by their `match` column): each row
// then edits its record; $label is the kind's label (from OrgKind).
UNWIND $ids AS id
MATCH (o:$($label) {id: id})
OPTIONAL MATCH (o)-[:IN_PARK]->(p:Park)
RETURN o.id AS id, coalesce(o.owner, 'admin') AS owner, properties(o) AS props, p.id AS park
