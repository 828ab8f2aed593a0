// Which of the referenced region and park exist (a null reference counts as existing).
OPTIONAL MATCH (r:Region {code: $region})
OPTIONAL MATCH (p:Park {id: $park})
RETURN $region IS NULL OR r IS NOT NULL AS region_ok, $park IS NULL OR p IS NOT NULL AS park_ok
