// What a write touched, for the versions it moves (src/changelog/mod.rs), read in the write's
// own transaction after its statements ran:
// - $orgs: organisations the write changed: their chains, and the chains of every organisation
//   they have a relationship with (a firm is a supplier, a customer or an R&D origin in those
//   chains' lists); `related` tells whether they have relationships at all (flows count them);
// - $ends: the ends of relationships the write changed: their chains.
CALL () {
  UNWIND $orgs AS id
  MATCH (o:Organisation {id: id})
  OPTIONAL MATCH (o)-[r]-(n)
  WHERE r.id IS NOT NULL
  WITH collect(DISTINCT o) + collect(DISTINCT CASE WHEN n:Organisation THEN n END) AS touched,
       count(r) AS related
  UNWIND touched AS x
  OPTIONAL MATCH (x)-[:OPERATES_IN]->(s:Segment)
  RETURN collect(DISTINCT s.chain_id) AS org_chains, coalesce(max(related), 0) > 0 AS related
}
CALL () {
  UNWIND $ends AS id
  MATCH (:Organisation {id: id})-[:OPERATES_IN]->(s:Segment)
  RETURN collect(DISTINCT s.chain_id) AS end_chains
}
RETURN org_chains + end_chains AS chains, related
