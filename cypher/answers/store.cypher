// Keeps a computed answer ($body, JSON) under its $key, with the version of its scope's data it
// reflects; an answer of a newer version already kept (by another instance) stays.
// Its version is read under the node's write lock (taken by the first SET), so of two instances
// keeping the same answer at once the older version never lands last.
MERGE (a:Answer {key: $key})
SET a.writing = true
REMOVE a.writing
WITH a
WHERE a.n IS NULL OR a.epoch <> $epoch OR a.n < $n
SET a.scope = $scope, a.epoch = $epoch, a.n = $n, a.computed_at = $computed_at, a.body = $body
