// Which of the referenced region, park and chain link exist (a null reference counts as
// existing), so a request naming an unknown one gets a 422 that says which.
OPTIONAL MATCH (r:Region {code: $region})
OPTIONAL MATCH (p:Park {id: $park})
OPTIONAL MATCH (s:Segment {id: $segment})
RETURN $region IS NULL OR r IS NOT NULL AS region_ok, $park IS NULL OR p IS NOT NULL AS park_ok,
       $segment IS NULL OR s IS NOT NULL AS segment_ok
