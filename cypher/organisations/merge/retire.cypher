// Merging, last: the duplicate's history and open disputes go to the survivor (each change
// keeps where it came from), earlier merges into the duplicate now point at the survivor, the
// duplicate leaves a (:MergedRecord) that sends its id on, and it goes. Then the survivor takes
// what it lacked ($fill: uscc, names, description, scale) — after, for the USCC's uniqueness.
MATCH (d:Organisation {id: $duplicate}), (s:Organisation {id: $survivor})
CALL (d, s) {
  MATCH (c:Change {target_id: d.id})
  SET c.target_id = s.id, c.merged_from = d.id
}
CALL (d, s) {
  MATCH (x:Dispute {target_id: d.id})
  SET x.target_id = s.id
}
CALL (d, s) {
  MATCH (earlier:MergedRecord {into: d.id})
  SET earlier.into = s.id
}
CREATE (:MergedRecord {id: d.id, kind: d.kind, into: s.id, name_zh: d.name_zh, uscc: d.uscc,
                       at: datetime()})
WITH d, s
DETACH DELETE d
WITH s
SET s += $fill, s.updated_at = datetime(), s.version = coalesce(s.version, 0) + 1
RETURN s.id AS id
