// A page of a link's members in id order, read straight from an index and stopped when the page
// is full, instead of expanding and sorting every member of the link (thousands at the region's
// size). Each OPERATES_IN carries its ends' ids (both immutable), written with the relationship.
CREATE INDEX operates_in_link IF NOT EXISTS FOR ()-[m:OPERATES_IN]-() ON (m.segment_id, m.org_id);
// Memberships written before this file get their keys; it touches only those still without.
MATCH (o:Organisation)-[m:OPERATES_IN]->(s:Segment) WHERE m.org_id IS NULL
CALL (o, m, s) { SET m.segment_id = s.id, m.org_id = o.id } IN TRANSACTIONS OF 10000 ROWS;
