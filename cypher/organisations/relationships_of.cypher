// Every relationship an organisation takes part in, either way, with who owns it: what deleting
// the organisation would remove. Reverse twins ($twins, from RelKind::reverse_twin) are not
// relationships of their own: they go with their originals.
MATCH (o:Organisation {id: $id})-[r]-(other)
WHERE r.id IS NOT NULL AND NOT type(r) IN $twins
RETURN r.id AS id, type(r) AS type, coalesce(r.owner, 'admin') AS owner,
       startNode(r) = o AS outgoing, coalesce(other.id, other.code) AS other,
       r {.*, recorded_at: toString(r.recorded_at)} AS props
ORDER BY r.id
