MATCH (:Region {code: $region})<-[:PART_OF*0..3]-(:Region)<-[:LOCATED_IN]-(o:Organisation)
