// A link's members include its sub-links' (issue 10): each OPERATES_IN also carries the link its
// segment belongs to (the segment itself when it is a link), so `/enterprises?link=` pages a
// link's members from an index as it does a sub-link's (operates_in_link, schema 009).
CREATE INDEX operates_in_parent_link IF NOT EXISTS FOR ()-[m:OPERATES_IN]-() ON (m.link_id, m.org_id);
// Memberships written before this file get the key; it touches only those still without.
MATCH (:Organisation)-[m:OPERATES_IN]->(s:Segment) WHERE m.link_id IS NULL
CALL (m, s) { SET m.link_id = coalesce(s.parent_id, s.id) } IN TRANSACTIONS OF 10000 ROWS;
