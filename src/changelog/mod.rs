//! The change log: one `(:Change)` node per create, update, delete or verification of a record,
//! kept by target id so it outlives a deleted record. Every write records its change in the
//! same transaction, so either both happen or neither does.

use neo4rs::{query, Query};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::{to_bolt, Db, DbError, WriteTx};
use crate::domain::{new_id, RecordKind};
use crate::error::Error;

const RECORD: &str = include_str!("../../cypher/history/record.cypher");
const LIST: &str = include_str!("../../cypher/history/list.cypher");
const BUMP: &str = include_str!("../../cypher/history/bump.cypher");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Delete,
    Verify,
    /// A curator turned a submission down (`changes.reason` says why).
    Reject,
    /// A member disputed the record (`changes.reason` says why).
    Dispute,
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

/// One change to record: the row `record.cypher` takes.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    id: String,
    target_id: String,
    target_kind: RecordKind,
    action: Action,
    /// JSON text: Neo4j properties cannot hold maps.
    changes: String,
}

impl Entry {
    pub fn new(target_id: &str, target_kind: RecordKind, action: Action, changes: &Value) -> Self {
        Entry {
            id: new_id("chg"),
            target_id: target_id.to_owned(),
            target_kind,
            action,
            changes: changes.to_string(),
        }
    }
}

/// Records `entries`, all by the same caller, inside an open transaction, and moves the data
/// version on (`queries::cache`): every write goes through here.
pub async fn record(tx: &mut WriteTx, who: &Principal, entries: &[Entry]) -> Result<(), DbError> {
    if entries.is_empty() {
        return Ok(());
    }
    let q = query(RECORD)
        .param("changes", to_bolt(entries)?)
        .param("by_key", who.key_id.as_str())
        .param("by_owner", who.owner());
    tx.run(q).await?;
    tx.run(query(BUMP)).await
}

/// Runs `statements` and records the change they make, in one transaction.
pub async fn write_recorded(
    db: &Db,
    who: &Principal,
    entry: Entry,
    statements: Vec<Query>,
) -> Result<(), DbError> {
    let who = who.clone();
    db.in_transaction(move |tx| {
        Box::pin(async move {
            for statement in statements {
                tx.run(statement).await?;
            }
            record(tx, &who, &[entry]).await
        })
    })
    .await
}

/// The changes of one record, oldest first; a not-found error when nothing was ever recorded.
pub async fn of_record(db: &Db, kind: RecordKind, id: &str) -> Result<Vec<Change>, Error> {
    let q = query(LIST).param("id", id).param("kind", kind.as_str());
    let stored: Vec<StoredChange> = db.column(q, "change").await?;
    if stored.is_empty() {
        return Err(Error::not_found("history of", id));
    }
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
