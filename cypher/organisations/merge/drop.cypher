// Merging: the duplicate's relationships with the survivor itself ($ids) would become loops;
// they go, with their reverse twins.
MATCH (:Organisation {id: $duplicate})-[r]-()
WHERE r.id IN $ids
DELETE r
