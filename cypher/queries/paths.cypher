// Up to $k shortest directed paths from one organisation to another through relationships of
// the types in $types. Neither SHORTEST's count nor a quantifier's bound
// can be a parameter in Neo4j 5.26, so the search asks for the API's maximum (20) and LIMIT
// applies $k, and the hop-bound placeholder is replaced by a bound from the Rust HopBound type
// (1 to 6). $synthetic (null = either) follows only real or only synthetic relationships.
// A kind followed both ways (branches: parent → branch plant too) has its reverse twins' type
// in $types as well ($twins, from RelKind::reverse_twin): the search stays directed, and a hop
// over a twin is reported as its original, marked `reversed`. A path visits each organisation
// once: with twins, a walk could otherwise go out along a branch and back along its twin.
// Paths of equal length are ranked by their evidence: verified hops, distinct sources, and the
// latest year any hop reports.
MATCH (a:Organisation {id: $from}), (b:Organisation {id: $to})
MATCH p = SHORTEST 20 (a)(()-[r]->() WHERE type(r) IN $types
    AND ($synthetic IS NULL OR coalesce(r.synthetic, false) = $synthetic)){1,__MAX_HOPS__}(b)
WHERE size(nodes(p)) = size(reduce(seen = [], n IN nodes(p) |
        CASE WHEN n IN seen THEN seen ELSE seen + n END))
CALL (p) {
  UNWIND relationships(p) AS h
  WITH h, startNode(h) AS x, endNode(h) AS y
  OPTIONAL MATCH (x)<-[o]-(y)
  WHERE type(h) IN $twins AND o.id = h.id AND NOT type(o) IN $twins
  WITH coalesce(o, h) AS rel, o IS NOT NULL AS reversed
  RETURN collect(rel) AS hops,
         collect(rel {.id, .product, .technology, .mode, .year, .source, type: type(rel),
                      reversed: reversed}) AS rels
}
WITH p, hops, rels,
     size([h IN hops WHERE coalesce(h.verified, false)]) AS verified,
     size(reduce(seen = [], h IN hops |
       CASE WHEN h.source IS NULL OR h.source IN seen THEN seen ELSE seen + h.source END)) AS sources,
     reduce(latest = null, h IN hops |
       CASE WHEN coalesce(h.year, h.valid_from) > coalesce(latest, -1)
            THEN coalesce(h.year, h.valid_from) ELSE latest END) AS latest
ORDER BY length(p), verified DESC, sources DESC, latest DESC
LIMIT $k
RETURN [n IN nodes(p) | n {.id, .name_zh, .name_en, .region_code, .kind}] AS nodes,
       rels,
       {verified_hops: verified, sources: sources, latest_year: latest} AS evidence
