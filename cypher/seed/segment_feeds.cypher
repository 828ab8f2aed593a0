UNWIND $pairs AS pair
MATCH (a:Segment {id: pair.from}), (b:Segment {id: pair.to})
MERGE (a)-[:FEEDS]->(b)
