// Organisations whose `match_text` is missing (written before reconciliation existed, or by a
// loader that does not set it): a batch at a time, for start-up to fill.
MATCH (o:Organisation)
WHERE o.match_text IS NULL
RETURN o.id AS id, o.name_zh AS name_zh, o.name_en AS name_en, o.legal_name AS legal_name
LIMIT $limit
