// Near-duplicates: same region, and one normalised name contains the other.
MATCH (o:Organisation {region_code: $region})
WHERE o.id <> $id AND o.name_key IS NOT NULL AND size(o.name_key) > 1
  AND (o.name_key CONTAINS $name_key OR $name_key CONTAINS o.name_key)
RETURN o {.id, .name_zh, .uscc} AS duplicate
ORDER BY o.id
LIMIT 10
