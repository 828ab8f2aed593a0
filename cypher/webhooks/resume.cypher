// Resumes a paused endpoint of $owner's (any when null) from the delivery it stopped at, with a
// fresh allowance of retries.
MATCH (w:Webhook {id: $id})
WHERE $owner IS NULL OR w.owner = $owner
SET w.state = 'active', w.paused_reason = null, w.attempts = 0, w.failing_since = null,
    w.next_attempt_at = null
RETURN true AS resumed
