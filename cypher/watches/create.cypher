// Key $key_id watches $kind $target (once: watching it again returns the same watch).
MERGE (w:Watch {key_id: $key_id, kind: $kind, target: $target})
ON CREATE SET w.id = $id, w.created_at = datetime(), w.name_zh = $name_zh
RETURN {created: w.id = $id,
        watch: w {.id, .kind, .target, .name_zh, created_at: toString(w.created_at)}} AS made
