// The records to look for duplicates of: a member's own ($owner), or, for curators, the real
// records awaiting review (new submissions are where duplicates arrive), the newest first.
MATCH (o:Organisation)
WHERE CASE WHEN $owner IS NULL
        THEN NOT coalesce(o.verified, false) AND NOT coalesce(o.synthetic, false)
        ELSE o.owner = $owner END
RETURN o.id AS id, o.kind AS kind, o.name_zh AS name_zh, o.region_code AS region_code
ORDER BY coalesce(o.updated_at, o.created_at) DESC, o.id
LIMIT $limit
