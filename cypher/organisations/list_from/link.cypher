MATCH (:Segment {id: $start})<-[:OPERATES_IN]-(o:Organisation)
