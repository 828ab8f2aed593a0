// The organisations outside the chain at the other end of its members' supply relationships
// ($ids): where they are, how they are tagged, and the segments they operate in (a supplier
// counts for a link its segments feed).
UNWIND $ids AS id
MATCH (n:Organisation {id: id})
RETURN n {.id, .kind, .name_zh, .name_en, .region_code, .scale, .verified,
          tags: coalesce(n.tags, []), synthetic: coalesce(n.synthetic, false)} AS org,
       [(n)-[m:OPERATES_IN]->(s:Segment) | [s.id, m.role, m.since, m.until]] AS memberships
