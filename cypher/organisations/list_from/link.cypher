// Members in id order from a membership index, read straight from it and stopped when the page
// is full, instead of expanding and sorting every member of the link (thousands at the region's
// size). Each OPERATES_IN carries its ends' ids (both immutable) and the link of its segment,
// written with the relationship: a link's members (its sub-links' included) are read by
// `link_id` (schema 011), a sub-link's by `segment_id` (schema 009); __KEY__ is one of the two.
// A firm in two sub-links of one link comes twice, one row after the other; list.rs keeps one.
MATCH (o:Organisation)-[m:OPERATES_IN]->(:Segment)
WHERE m.__KEY__ = $start AND m.org_id > $after_id
