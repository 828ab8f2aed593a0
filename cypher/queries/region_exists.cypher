MATCH (r:Region {code: $code})
RETURN r.name_zh AS name_zh
