MATCH (:Cluster {id: $cluster})<-[:MEMBER_OF]-(o:Organisation)
