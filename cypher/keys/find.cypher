MATCH (k:ApiKey {id: $id})
RETURN k.hash AS hash, k.role AS role, k.member_org AS member_org, k.name AS name,
       k.revoked_at IS NOT NULL AS revoked
