MATCH (k:ApiKey {id: $id})
SET k.revoked_at = coalesce(k.revoked_at, datetime())
RETURN k {.id, .name, .role, .member_org, created_at: toString(k.created_at),
          revoked_at: toString(k.revoked_at)} AS key
