// Merging duplicates (issue 20): a merged record leaves a (:MergedRecord) behind — not an
// Organisation, so no list, map or search sees it — that sends its id on to the survivor.
CREATE CONSTRAINT merged_record_id IF NOT EXISTS FOR (m:MergedRecord) REQUIRE m.id IS UNIQUE;
