// Creates or updates an import job: its state, progress and, once finished, its report.
MERGE (j:ImportJob {id: $id})
ON CREATE SET j.created_at = datetime(), j.kind = $kind, j.key_id = $key_id, j.owner = $owner
SET j.status = $status, j.rows_total = $rows_total, j.rows_done = $rows_done,
    j.report = $report, j.error = $error,
    j.finished_at = CASE WHEN $finished THEN datetime() ELSE null END
