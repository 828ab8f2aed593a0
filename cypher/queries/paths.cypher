// Up to $k shortest directed paths from one organisation to another through relationships of
// the types in $types. Neither SHORTEST's count nor a quantifier's bound can be a parameter in
// Neo4j 5.26, so the search asks for the API's maximum (20) and LIMIT applies $k, and
// the hop-bound placeholder is replaced by a bound from the Rust HopBound type (1 to 6).
// $synthetic (null = either) follows only real or only synthetic relationships.
MATCH (a:Organisation {id: $from}), (b:Organisation {id: $to})
MATCH p = SHORTEST 20 (a)(()-[r]->() WHERE type(r) IN $types
    AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)){1,__MAX_HOPS__}(b)
WITH p ORDER BY length(p)
LIMIT $k
RETURN [n IN nodes(p) | n {.id, .name_zh, .name_en, .region_code, .kind}] AS nodes,
       [rel IN relationships(p) | rel {.id, .product, .technology, .mode, .year, .source,
                                       type: type(rel)}] AS rels
