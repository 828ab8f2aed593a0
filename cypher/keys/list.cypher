MATCH (k:ApiKey)
RETURN k {.id, .name, .role, .member_org, created_at: toString(k.created_at),
          revoked_at: toString(k.revoked_at)} AS key
ORDER BY k.created_at, k.id
