// A curator decided on a record: its open disputes are closed with that decision.
MATCH (d:Dispute {target_id: $id})
WHERE d.target_kind = $kind AND d.status = 'open'
SET d.status = 'closed', d.decision = $decision, d.closed_at = datetime()
