// Which of these region codes exist.
UNWIND $codes AS wanted
MATCH (r:Region {code: wanted})
RETURN DISTINCT r.code AS code
