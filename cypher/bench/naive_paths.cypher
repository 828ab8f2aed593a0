// The naive way to connect two organisations, for the benchmark's comparison (make bench): every
// undirected path of up to 4 relationships of any type, the first 5 found.
MATCH (a:Organisation {id: $from}), (b:Organisation {id: $to})
MATCH p = (a)-[*..4]-(b)
RETURN p
LIMIT 5
