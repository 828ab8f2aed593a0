// $holder has delivered all it had for the endpoint, whose filters keep nothing more up to
// place $after of feed $epoch (when given): it starts from there next time, and another
// instance may take it at once.
MATCH (w:Webhook {id: $id})
WHERE w.lease_holder = $holder
SET w.lease_until = null
WITH w
WHERE $epoch IS NOT NULL AND (w.epoch IS NULL OR w.epoch = $epoch) AND $after > w.after
SET w.epoch = $epoch, w.after = $after
