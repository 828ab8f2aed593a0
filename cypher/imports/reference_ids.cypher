// Every region (its code, names and parent) and park id, to check import rows and read the
// region names staff write without a query per row.
CALL () {
  MATCH (r:Region)
  OPTIONAL MATCH (r)-[:PART_OF]->(parent:Region)
  RETURN collect({code: r.code, name_zh: r.name_zh, parent: parent.code}) AS regions
}
CALL () { MATCH (p:Park) RETURN collect(p.id) AS parks }
RETURN regions, parks
