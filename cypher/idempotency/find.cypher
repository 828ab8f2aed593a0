// The record an earlier request with this idempotency key created, and what that request said.
MATCH (k:IdempotencyKey {scope: $scope})
RETURN k.fingerprint AS fingerprint, k.record_kind AS record_kind, k.record_id AS record_id
