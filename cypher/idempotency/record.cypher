// Remembers, in the transaction that creates the record, which record this key created; the
// uniqueness constraint on scope makes a concurrent second use of the key fail instead. Keys
// older than a day are forgotten a few at a time.
CREATE (:IdempotencyKey {scope: $scope, fingerprint: $fingerprint, record_kind: $record_kind,
                         record_id: $record_id, at: datetime()})
WITH 1 AS done
CALL () {
  MATCH (old:IdempotencyKey) WHERE old.at < datetime() - duration('P1D')
  WITH old LIMIT 20
  DELETE old
}
RETURN done
