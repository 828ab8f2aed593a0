// R&D sources have no registry code: an import row names the same one when its Chinese name
// and region match. $keys holds {key, region, name_zh} maps.
UNWIND $keys AS k
MATCH (o:RdSource {region_code: k.region, name_zh: k.name_zh})
OPTIONAL MATCH (o)-[:IN_PARK]->(p:Park)
RETURN k.key AS key, o.id AS id, coalesce(o.owner, 'admin') AS owner, properties(o) AS props,
       p.id AS park
