MATCH (:Segment {id: $link})<-[:OPERATES_IN]-(o:Organisation)
