// Enterprises already registered under these USCCs.
UNWIND $keys AS key
MATCH (o:Enterprise {uscc: key})
OPTIONAL MATCH (o)-[:IN_PARK]->(p:Park)
RETURN key, o.id AS id, coalesce(o.owner, 'admin') AS owner, properties(o) AS props, p.id AS park
