// Per-kind id indexes: a page of enterprises (or R&D sources) is read in id order straight from
// the index and stops when the page is full, instead of sorting every organisation; and
// `(:Enterprise {id})` seeks without going through the Organisation constraint.
CREATE INDEX enterprise_id IF NOT EXISTS FOR (o:Enterprise) ON (o.id);
CREATE INDEX rd_source_id IF NOT EXISTS FOR (o:RdSource) ON (o.id);
