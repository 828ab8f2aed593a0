//! Change history: one `(:Change)` node per create, update, delete or verification, kept by
//! target id so it outlives a deleted record.

use neo4rs::query;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::{Db, DbError, WriteTx};

const RECORD: &str = include_str!("../../cypher/history/record.cypher");
const LIST: &str = include_str!("../../cypher/history/list.cypher");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Delete,
    Verify,
}

/// Who changed what, when.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "chg-9b2f4e1a0c3d5e7f", "action": "update",
    "at": "2026-11-27T10:05:00Z", "by_key": "3f9a1c2b7d4e", "by_owner": "tj-robot-alliance",
    "changes": {"scale": {"from": "medium", "to": "large"}}}))]
pub struct Change {
    pub id: String,
    pub action: Action,
    pub at: String,
    /// Id of the API key that made the change.
    pub by_key: String,
    /// The member organisation (or `admin`) behind that key.
    pub by_owner: String,
    /// For updates `{field: {from, to}}`; for creates and deletes the whole record.
    #[schema(value_type = Object)]
    pub changes: Value,
}

#[derive(Deserialize)]
struct StoredChange {
    id: String,
    action: Action,
    at: String,
    by_key: String,
    by_owner: String,
    changes: String,
}

pub fn new_id(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..16]
    )
}

/// Records a change inside the transaction that makes it.
pub async fn record(
    tx: &mut WriteTx,
    who: &Principal,
    target_id: &str,
    target_kind: &str,
    action: Action,
    changes: &Value,
) -> Result<(), DbError> {
    let q = query(RECORD)
        .param("id", new_id("chg"))
        .param("target_id", target_id)
        .param("target_kind", target_kind)
        .param(
            "action",
            serde_json::to_value(action)
                .unwrap_or_default()
                .as_str()
                .unwrap_or(""),
        )
        .param("by_key", who.key_id.as_str())
        .param("by_owner", who.owner())
        .param("changes", changes.to_string());
    tx.run(q).await
}

/// The changes of one record of the given kind (`enterprise`, `rd_source`, `relationship`).
/// Runs `statements` and records the change they make, in one transaction: either both
/// happen or neither does.
pub async fn write_recorded(
    db: &Db,
    who: &Principal,
    target: (&str, &str),
    action: Action,
    changes: Value,
    statements: Vec<neo4rs::Query>,
) -> Result<(), DbError> {
    let (who, id, kind) = (who.clone(), target.0.to_owned(), target.1.to_owned());
    db.in_transaction(move |tx| {
        Box::pin(async move {
            for statement in statements {
                tx.run(statement).await?;
            }
            record(tx, &who, &id, &kind, action, &changes).await
        })
    })
    .await
}

pub async fn list(db: &Db, target_kind: &str, target_id: &str) -> Result<Vec<Change>, DbError> {
    let q = query(LIST)
        .param("id", target_id)
        .param("kind", target_kind);
    let stored: Vec<StoredChange> = db.column(q, "change").await?;
    Ok(stored
        .into_iter()
        .map(|c| Change {
            id: c.id,
            action: c.action,
            at: c.at,
            by_key: c.by_key,
            by_owner: c.by_owner,
            changes: serde_json::from_str(&c.changes).unwrap_or(Value::Null),
        })
        .collect())
}

/// The history of a record for the API: 404 when nothing was ever recorded for it.
pub async fn of_record(
    db: &Db,
    target_kind: &str,
    target_id: &str,
) -> Result<Vec<Change>, crate::error::ApiError> {
    let changes = list(db, target_kind, target_id).await?;
    if changes.is_empty() {
        return Err(crate::error::ApiError::NotFound(format!(
            "no recorded changes for '{target_id}'"
        )));
    }
    Ok(changes)
}

const RECORD_MANY: &str = include_str!("../../cypher/history/record_many.cypher");

/// One change of a batch (see [`record_many`]).
pub fn batch_entry(target_id: &str, target_kind: &str, action: Action, changes: &Value) -> Value {
    serde_json::json!({
        "id": new_id("chg"), "target_id": target_id, "target_kind": target_kind,
        "action": serde_json::to_value(action).unwrap_or_default(), "changes": changes.to_string(),
    })
}

/// Records many changes by the same caller in one statement (bulk imports).
pub async fn record_many(
    tx: &mut WriteTx,
    who: &Principal,
    entries: Vec<Value>,
) -> Result<(), DbError> {
    if entries.is_empty() {
        return Ok(());
    }
    let entries = neo4rs::BoltType::try_from(Value::Array(entries))
        .map_err(|e| DbError::Decode(e.to_string()))?;
    let q = query(RECORD_MANY)
        .param("changes", entries)
        .param("by_key", who.key_id.as_str())
        .param("by_owner", who.owner());
    tx.run(q).await
}
