//! The audit log: key creations, revocations, failed authentications and webhooks registered or
//! deleted, with who, when and
//! from where. Admins read it at `GET /api/v1/audit`. Secrets never enter it: a failed attempt
//! is recorded by the key id it named, if any.

use neo4rs::{query, Query};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::{Db, DbError};
use crate::domain::new_id;

const RECORD: &str = include_str!("../../cypher/audit/record.cypher");
const LIST: &str = include_str!("../../cypher/audit/list.cypher");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    KeyCreated,
    KeyRevoked,
    /// A request presented a key that is malformed, unknown or revoked.
    AuthenticationFailed,
    /// A webhook endpoint was registered (`detail`: its address).
    WebhookCreated,
    WebhookDeleted,
}

/// Who acted and from where.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The acting key's id; `cli` for the command line; the named key id (or `anonymous`) for a
    /// failed authentication.
    pub key: String,
    /// The client's address; `local` for the command line.
    pub address: String,
}

/// One event in the log.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"id": "aud-5e1c9a7b3d2f4e6a", "action": "key_revoked",
    "actor": "3f9a1c2b7d4e", "subject": "9b8a7c6d5e4f", "address": "203.0.113.7",
    "detail": null, "at": "2026-11-27T10:15:00Z"}))]
pub struct AuditEvent {
    pub id: String,
    pub action: AuditAction,
    pub actor: String,
    /// The key the action concerns.
    pub subject: Option<String>,
    pub address: String,
    pub detail: Option<String>,
    pub at: String,
}

/// The statement that records an event, to run in the transaction of the action it records.
pub fn event(
    action: AuditAction,
    actor: &Actor,
    subject: Option<&str>,
    detail: Option<&str>,
) -> Result<Query, DbError> {
    Ok(query(RECORD)
        .param("id", new_id("aud"))
        .param("action", crate::db::to_bolt(&action)?)
        .param("actor", actor.key.as_str())
        .param("subject", subject)
        .param("address", actor.address.as_str())
        .param("detail", detail))
}

/// Records an event on its own (a failed authentication has no other write to join).
pub async fn record(
    db: &Db,
    action: AuditAction,
    actor: &Actor,
    detail: Option<&str>,
) -> Result<(), DbError> {
    db.write_all(vec![event(action, actor, None, detail)?])
        .await
}

/// The newest events, before the timestamp `before` when given.
pub async fn list(
    db: &Db,
    action: Option<AuditAction>,
    before: Option<&str>,
    limit: usize,
) -> Result<Vec<AuditEvent>, DbError> {
    let q = query(LIST)
        .param("action", crate::db::to_bolt(&action)?)
        .param("before", before)
        .param("limit", limit as i64);
    db.column(q, "event").await
}
