// For each organisation: how many distinct enterprises in the target region it supplies.
UNWIND $ids AS wanted
MATCH (o:Organisation {id: wanted})
RETURN wanted AS id, COUNT {
  MATCH (o)-[:SUPPLIES]->(t:Organisation)
  WHERE EXISTS { (t)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(:Region {code: $target}) }
  RETURN DISTINCT t
} AS customers
