MATCH (j:ImportJob {id: $id})
RETURN j {.id, .kind, .key_id, .owner, .status, .rows_total, .rows_done, .report, .error,
          created_at: toString(j.created_at), finished_at: toString(j.finished_at)} AS job
