// Every organisation operating in one of the chain's links or sub-links, one row each: what the
// chain rules weigh it by, all its memberships (in any chain: a membership elsewhere can feed
// this chain's links), every supply relationship it starts (to anyone) and the other
// relationships ($types, from the Rust RelKind enum: technology transfer, incubation, investment,
// cooperation, branches) that reach it. Years
// and products stay on each relationship, so the map and the lists of any year, level and target
// region are computed from the same rows (src/queries/chain_graph.rs). Collected per
// organisation, as lists: one row per relationship would be ten times the rows.
MATCH (:Segment {chain_id: $chain})<-[:OPERATES_IN]-(o:Organisation)
WITH DISTINCT o
RETURN o {.id, .kind, .name_zh, .name_en, .region_code, .scale, .verified,
          tags: coalesce(o.tags, []), synthetic: coalesce(o.synthetic, false)} AS org,
       [(o)-[m:OPERATES_IN]->(s:Segment) | [s.id, m.role, m.since, m.until]] AS memberships,
       [(o)-[r:$($supplies)]->(c:Organisation) | [c.id, r.product, r.year, r.valid_from, r.valid_to]]
         AS supplies,
       [(o)<-[r]-(a:Organisation) WHERE type(r) IN $types |
        [a.id, type(r), r.year, r.valid_from, r.valid_to]] AS ties
