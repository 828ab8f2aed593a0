MATCH (o:Enterprise {uscc: $uscc})
RETURN o.id AS id
