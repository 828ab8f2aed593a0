// Whether the ends of a new relationship exist, and who owns them.
OPTIONAL MATCH (a:Organisation {id: $source_id})
OPTIONAL MATCH (b:Organisation {id: $target_id})
OPTIONAL MATCH (g:Region {code: $target_id})
RETURN a IS NOT NULL AS source_exists, coalesce(a.owner, 'admin') AS source_owner,
       b IS NOT NULL AS target_org_exists, coalesce(b.owner, 'admin') AS target_owner,
       g IS NOT NULL AS target_region_exists
