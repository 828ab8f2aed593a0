MATCH (c:Change {target_id: $id})
WHERE c.target_kind = $kind
RETURN c {.id, .action, .by_key, .by_owner, .changes, at: toString(c.at)} AS change
ORDER BY c.at, c.id
