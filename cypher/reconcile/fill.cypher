// Sets the `match_text` computed for each organisation of a batch (src/domain/names.rs).
UNWIND $rows AS row
MATCH (o:Organisation {id: row.id})
SET o.match_text = row.match_text
