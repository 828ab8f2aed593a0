// For each organisation: how many distinct enterprises in the target region it supplies
// (region membership tested on the codes of the target's subtree, collected once).
MATCH (:Region {code: $target})<-[:PART_OF|ALSO_PART_OF*0..3]-(t:Region)
WITH collect(DISTINCT t.code) AS codes
UNWIND $ids AS wanted
MATCH (o:Organisation {id: wanted})
RETURN wanted AS id, COUNT {
  MATCH (o)-[:SUPPLIES]->(c:Organisation)
  WHERE c.region_code IN codes
    AND ($synthetic IS NULL OR coalesce(c.synthetic, false) = $synthetic)
  RETURN DISTINCT c
} AS customers
