// Chain and link names, so that a search for a field (氢能, robotics) also finds the
// organisations that operate in it.
CREATE FULLTEXT INDEX chain_names IF NOT EXISTS
FOR (n:Chain|Segment) ON EACH [n.name_zh, n.name_en]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
