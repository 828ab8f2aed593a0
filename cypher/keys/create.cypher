CREATE (k:ApiKey {id: $id, name: $name, role: $role, member_org: $member_org, hash: $hash,
                  created_at: datetime(), revoked_at: null})
RETURN k {.id, .name, .role, .member_org, created_at: toString(k.created_at),
          revoked_at: null} AS key
