// Every region code and park id, to check import rows without a query per row.
CALL () { MATCH (r:Region) RETURN collect(r.code) AS regions }
CALL () { MATCH (p:Park) RETURN collect(p.id) AS parks }
RETURN regions, parks
