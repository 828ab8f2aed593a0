// Found from its source organisation, so no type (and no per-type index) is needed. A twin
// (RelKind::reverse_twin) reaches the source with the same id and goes with it.
MATCH (s:Organisation {id: $source_id})-[r]->()
WHERE r.id = $id
CALL (s) {
  MATCH (s)<-[t]-()
  WHERE t.id = $id
  DELETE t
}
DELETE r
