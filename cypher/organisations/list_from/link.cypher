// Members in id order from the operates_in_link index (schema 009); list.rs orders the page by
// the same keys, so the index order is used and the read stops when the page is full.
MATCH (o:Organisation)-[m:OPERATES_IN]->(:Segment)
WHERE m.segment_id = $start AND m.org_id > $after_id
