// Each division is PART_OF its parent. A division that also counts with a second parent (the
// Xiong'an counties, administered by Xiong'an but in Baoding's code range) is ALSO_PART_OF it:
// region filters follow both, so a query for Baoding or for Xiong'an finds their firms, while
// a division's province and city are read along PART_OF alone, once.
UNWIND $rows AS row
WITH row WHERE row.parent IS NOT NULL
MATCH (r:Region {code: row.code}), (p:Region {code: row.parent})
MERGE (r)-[:PART_OF]->(p)
WITH r, row WHERE row.also_in IS NOT NULL
MATCH (other:Region {code: row.also_in})
MERGE (r)-[:ALSO_PART_OF]->(other)
