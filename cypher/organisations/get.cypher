// The API's view of organisations, for one id or a page of ids (kept in id order).
UNWIND $ids AS wanted
MATCH (o:Organisation {id: wanted})
WHERE $kind IS NULL OR o.kind = $kind
OPTIONAL MATCH (o)-[:IN_PARK]->(p:Park)
CALL (o) {
  OPTIONAL MATCH (o)-[m:OPERATES_IN]->(s:Segment)
  WITH m, s ORDER BY s.id
  RETURN collect(CASE WHEN s IS NULL THEN null ELSE
    {segment: s.id, chain: s.chain_id, role: m.role, products: coalesce(m.products, []),
     since: m.since, until: m.until} END)
    AS segments
}
CALL (o) {
  OPTIONAL MATCH (o)-[c:CAPABLE_IN]->(s:Segment)
  WITH c, s ORDER BY s.id
  RETURN collect(CASE WHEN s IS NULL THEN null ELSE
    {segment: s.id, chain: s.chain_id, technology: c.technology, readiness: c.readiness,
     evidence: c.evidence, source: c.source} END) AS capabilities
}
WITH o, p, segments, capabilities ORDER BY o.id
RETURN o {.id, .kind, .uscc, .name_zh, .name_en, .legal_name, .region_code, .scale, .rd_kind,
          .description, .source, .inferred, .verified, .owner, tags: coalesce(o.tags, []),
          synthetic: coalesce(o.synthetic, false), park: p.id, segments: segments,
          capabilities: capabilities,
          version: coalesce(o.version, 0),
          created_at: toString(o.created_at), updated_at: toString(o.updated_at)} AS organisation
