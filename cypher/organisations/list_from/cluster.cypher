MATCH (:Cluster {id: $start})<-[:MEMBER_OF]-(o:Organisation)
