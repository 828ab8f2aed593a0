MATCH (:Region {code: $start})<-[:PART_OF*0..3]-(:Region)<-[:LOCATED_IN]-(o:Organisation)
