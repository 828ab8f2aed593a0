// Merging: a relationship of the duplicate that repeats one of the survivor's ($folds: {from,
// into, type}; types from RelKind) is folded into it — the survivor's keeps its own source and
// gains the duplicate's among `also_sources` — and goes, with its reverse twin.
UNWIND $folds AS f
MATCH (:Organisation {id: $duplicate})-[r:$(f.type) {id: f.from}]-()
MATCH (:Organisation {id: $survivor})-[s:$(f.type) {id: f.into}]-()
WITH s, r, [x IN [r.source] + coalesce(r.also_sources, []) WHERE x IS NOT NULL] AS theirs
SET s.also_sources = reduce(kept = coalesce(s.also_sources, []), x IN theirs |
      CASE WHEN x IN kept OR x = s.source THEN kept ELSE kept + x END)
WITH DISTINCT r
MATCH (:Organisation {id: $duplicate})-[gone]-()
WHERE gone.id = r.id
DELETE gone
