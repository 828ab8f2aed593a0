//! API keys in the graph: `(:ApiKey {id, name, role, member_org, hash, created_at, revoked_at})`.

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::{self, Actor, AuditAction};
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

/// Creates a key and returns it with its one-time secret; the audit log records who created it
/// in the same transaction.
pub async fn create(
    db: &Db,
    actor: &Actor,
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
    let audit = audit::event(
        AuditAction::KeyCreated,
        actor,
        Some(&key.id),
        Some(role.as_str()),
    )?;
    let created: Vec<ApiKeyInfo> = db
        .in_transaction(move |tx| {
            Box::pin(async move {
                let created = tx.column(q, "key").await?;
                tx.run(audit).await?;
                Ok::<_, DbError>(created)
            })
        })
        .await?;
    let info = created
        .into_iter()
        .next()
        .ok_or_else(|| DbError::Decode("no key".into()))?;
    Ok((info, key.secret_key))
}

pub async fn list(db: &Db) -> Result<Vec<ApiKeyInfo>, DbError> {
    db.column(query(LIST), "key").await
}

/// Revokes a key; `None` when there is no such key. Revoking twice keeps the first time. The
/// audit log records who revoked it in the same transaction.
pub async fn revoke(db: &Db, actor: &Actor, id: &str) -> Result<Option<ApiKeyInfo>, DbError> {
    let q = query(REVOKE).param("id", id);
    let audit = audit::event(AuditAction::KeyRevoked, actor, Some(id), None)?;
    let revoked: Vec<ApiKeyInfo> = db
        .in_transaction(move |tx| {
            Box::pin(async move {
                let revoked: Vec<ApiKeyInfo> = tx.column(q, "key").await?;
                if !revoked.is_empty() {
                    tx.run(audit).await?;
                }
                Ok::<_, DbError>(revoked)
            })
        })
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
