MATCH (:Region {code: $start})<-[:PART_OF|ALSO_PART_OF*0..3]-(g:Region)
WITH DISTINCT g
MATCH (g)<-[:LOCATED_IN]-(o:Organisation)
