//! API keys in the graph: `(:ApiKey {id, name, role, member_org, hash, created_at, revoked_at})`.

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::key::{constant_time_eq, hash, key_id, NewKey};
use super::{Principal, Role};
use crate::db::{Db, DbError};

const CREATE: &str = include_str!("../../cypher/keys/create.cypher");
const FIND: &str = include_str!("../../cypher/keys/find.cypher");
const LIST: &str = include_str!("../../cypher/keys/list.cypher");
const REVOKE: &str = include_str!("../../cypher/keys/revoke.cypher");

/// A key as admins see it: never the secret, never the hash.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"id": "3f9a1c2b7d4e", "name": "津冀机器人联盟 member portal",
    "role": "member", "member_org": "tj-robot-alliance", "created_at": "2026-11-27T10:00:00Z",
    "revoked_at": null}))]
pub struct ApiKeyInfo {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub member_org: Option<String>,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// Creates a key and returns it with its one-time secret.
pub async fn create(
    db: &Db,
    name: &str,
    role: Role,
    member_org: Option<&str>,
) -> Result<(ApiKeyInfo, String), DbError> {
    let key = NewKey::generate();
    let q = query(CREATE)
        .param("id", key.id.as_str())
        .param("name", name)
        .param("role", role.as_str())
        .param("member_org", member_org)
        .param("hash", hash(&key.secret_key));
    let created: Vec<ApiKeyInfo> = db.write_column(q, "key").await?;
    let info = created
        .into_iter()
        .next()
        .ok_or_else(|| DbError::Decode("no key".into()))?;
    Ok((info, key.secret_key))
}

pub async fn list(db: &Db) -> Result<Vec<ApiKeyInfo>, DbError> {
    db.column(query(LIST), "key").await
}

/// Revokes a key; `None` when there is no such key. Revoking twice keeps the first time.
pub async fn revoke(db: &Db, id: &str) -> Result<Option<ApiKeyInfo>, DbError> {
    let revoked: Vec<ApiKeyInfo> = db
        .write_column(query(REVOKE).param("id", id), "key")
        .await?;
    Ok(revoked.into_iter().next())
}

/// The principal behind a presented key, if the key is valid and not revoked.
pub async fn authenticate(db: &Db, presented: &str) -> Result<Option<Principal>, DbError> {
    let Some(id) = key_id(presented) else {
        return Ok(None);
    };
    let rows = db.rows(query(FIND).param("id", id)).await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let stored: String = row.get("hash")?;
    if row.get::<bool>("revoked")?
        || !constant_time_eq(stored.as_bytes(), hash(presented).as_bytes())
    {
        return Ok(None);
    }
    let role = Role::parse(&row.get::<String>("role")?)
        .ok_or_else(|| DbError::Decode("unknown role on key".into()))?;
    Ok(Some(Principal {
        key_id: id.to_owned(),
        role,
        member_org: row.get("member_org")?,
    }))
}
