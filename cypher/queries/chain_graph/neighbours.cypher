// The organisations outside the chain at the other end of its members' relationships ($ids):
// where they are, what kind they are, how they are tagged, and the segments they operate in (a
// supplier counts for a link its segments feed; an R&D source for where it is).
UNWIND $ids AS id
MATCH (n:Organisation {id: id})
RETURN n {.id, .kind, .name_zh, .name_en, .region_code, .scale, .verified,
          tags: coalesce(n.tags, []), synthetic: coalesce(n.synthetic, false)} AS org,
       [(n)-[m:OPERATES_IN]->(s:Segment) | [s.id, m.role, m.since, m.until]] AS memberships
