// The organisations $ids read again for a chain's graph after writes that touched them: what
// members.cypher reads of a member, for whichever of them still exist, with whether they
// operate in the chain (`member`), the supplies they get (`supplied`) and the other
// relationships ($types) they start (`ties_out`) — the relationships the patch replaces with
// these are all those with an end among them (src/queries/chain_graph.rs `patched`).
UNWIND $ids AS id
MATCH (o:Organisation {id: id})
RETURN o {.id, .kind, .name_zh, .name_en, .region_code, .scale, .verified,
          tags: coalesce(o.tags, []), synthetic: coalesce(o.synthetic, false)} AS org,
       EXISTS { (o)-[:OPERATES_IN]->(:Segment {chain_id: $chain}) } AS member,
       [(o)-[m:OPERATES_IN]->(s:Segment) | [s.id, m.role, m.since, m.until]] AS memberships,
       [(o)-[r:$($supplies)]->(c:Organisation) | [c.id, r.product, r.year, r.valid_from, r.valid_to]]
         AS supplies,
       [(o)<-[r:$($supplies)]-(s:Organisation) | [s.id, r.product, r.year, r.valid_from, r.valid_to]]
         AS supplied,
       [(o)<-[r]-(a:Organisation) WHERE type(r) IN $types |
        [a.id, type(r), r.year, r.valid_from, r.valid_to]] AS ties_in,
       [(o)-[r]->(b:Organisation) WHERE type(r) IN $types |
        [b.id, type(r), r.year, r.valid_from, r.valid_to]] AS ties_out
