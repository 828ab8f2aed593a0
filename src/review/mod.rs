//! The curators' review work: the queue of real records no one has verified or rejected yet,
//! each with what changed since it was last verified; the decision on one (approve = verify, or
//! reject with a reason the member sees); and a member organisation's own records with their
//! review status.

use std::collections::BTreeMap;

use neo4rs::query;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::changelog::{self, Entry};
use crate::db::Db;
use crate::domain::{new_id, OrgId, OrgKind, RecordKind, RelKind};
use crate::error::Error;

const QUEUE: &str = include_str!("../../cypher/review/queue.cypher");
const OWN: &str = include_str!("../../cypher/review/own_records.cypher");
const DISPUTE: &str = include_str!("../../cypher/review/dispute.cypher");
const CLOSE_DISPUTES: &str = include_str!("../../cypher/review/close_disputes.cypher");

/// Where a record stands with the curators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Waiting for a curator (new, or changed since it was verified).
    Unverified,
    Verified,
    /// Turned down; `reason` says why. The member's next edit puts it back in the queue.
    Rejected,
}

/// A record in the queue.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"kind": "enterprise", "id": "e-3f9a1c2b7d4e",
    "title": "唐山某减速器有限公司", "owner": "tj-robot-alliance",
    "source": "https://example.org/report", "since": "2026-11-27T10:05:00Z", "new": false,
    "changes": {"scale": {"from": "medium", "to": "large"}}, "disputes": []}))]
pub struct ReviewItem {
    pub kind: RecordKind,
    pub id: String,
    /// The organisation's name, or `source → target` for a relationship.
    pub title: String,
    /// The member organisation that recorded it (`admin` for curated data).
    pub owner: Option<String>,
    pub source: Option<String>,
    /// When it last changed (it has waited since).
    pub since: Option<String>,
    /// Created since it was last verified (or never verified): all of it is to check.
    pub new: bool,
    /// `{field: {from, to}}` over every edit since it was last verified: what to check.
    #[schema(value_type = Object)]
    pub changes: Map<String, Value>,
    /// Members' open disputes of the record, oldest first (a disputed record is queued even
    /// when verified).
    pub disputes: Vec<Dispute>,
}

/// A member's dispute of a record.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Dispute {
    pub id: String,
    pub reason: String,
    /// The member organisation that raised it.
    pub by_owner: String,
    pub at: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Logged {
    action: String,
    changes: String,
}

#[derive(Debug, Deserialize)]
struct QueuedRow {
    kind: RecordKind,
    id: String,
    title: String,
    owner: Option<String>,
    source: Option<String>,
    since: Option<String>,
    history: Vec<Logged>,
    disputes: Vec<Dispute>,
}

/// The edits since the last verification folded into one diff: each field from what it was
/// before the first edit to what it is after the last.
fn fold(history: &[Logged]) -> (bool, Map<String, Value>) {
    let mut new = false;
    let mut diff: BTreeMap<String, (Value, Value)> = BTreeMap::new();
    for entry in history {
        match entry.action.as_str() {
            "create" => new = true,
            "update" => {
                let changes: Map<String, Value> =
                    serde_json::from_str(&entry.changes).unwrap_or_default();
                for (field, change) in changes {
                    if field == "verified" {
                        continue;
                    }
                    let (from, to) = (change["from"].clone(), change["to"].clone());
                    diff.entry(field)
                        .and_modify(|d| d.1 = to.clone())
                        .or_insert((from, to));
                }
            }
            _ => {}
        }
    }
    let changes = diff
        .into_iter()
        .filter(|(_, (from, to))| from != to)
        .map(|(field, (from, to))| (field, json!({"from": from, "to": to})))
        .collect();
    (new, changes)
}

/// Which records the queue shows.
#[derive(Debug, Default)]
pub struct QueueFilter {
    pub owner: Option<String>,
    pub kind: Option<RecordKind>,
    pub limit: usize,
}

pub async fn queue(db: &Db, filter: QueueFilter) -> Result<Vec<ReviewItem>, Error> {
    let q = query(QUEUE)
        .param("owner", filter.owner)
        .param("kind", filter.kind.map(RecordKind::as_str))
        .param("types", RelKind::between_organisation_types())
        .param("limit", filter.limit as i64);
    let rows: Vec<QueuedRow> = db.column(q, "item").await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (new, changes) = fold(&r.history);
            ReviewItem {
                kind: r.kind,
                id: r.id,
                title: r.title,
                owner: r.owner,
                source: r.source,
                since: r.since,
                new,
                changes,
                disputes: r.disputes,
            }
        })
        .collect())
}

/// A curator's decision on one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

/// The record's status after a decision.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Decided {
    pub kind: RecordKind,
    pub id: String,
    pub status: ReviewStatus,
    pub reason: Option<String>,
}

/// An organisation record's kind and parsed id; none for a relationship. An id no organisation
/// could have is not found.
fn organisation(kind: RecordKind, id: &str) -> Result<Option<(OrgKind, OrgId)>, Error> {
    kind.organisation()
        .map(|org_kind| {
            let org_id = OrgId::parse(id).map_err(|_| Error::not_found(kind.as_str(), id))?;
            Ok((org_kind, org_id))
        })
        .transpose()
}

/// Raises a dispute of a record that exists (a member's: one that holds its USCC, or misstates
/// a relationship about it); it goes to the queue and into the record's history.
pub async fn dispute(
    db: &Db,
    who: &Principal,
    kind: RecordKind,
    id: &str,
    reason: &str,
) -> Result<Dispute, Error> {
    match organisation(kind, id)? {
        Some((org_kind, org_id)) => {
            crate::organisations::store::get(db, org_kind, &org_id).await?;
        }
        None => {
            crate::relationships::store::get(db, id).await?;
        }
    }
    let dispute_id = new_id("dsp");
    let statement = query(DISPUTE)
        .param("id", dispute_id.as_str())
        .param("kind", kind.as_str())
        .param("target_id", id)
        .param("reason", reason)
        .param("by_key", who.key_id.as_str())
        .param("by_owner", who.owner());
    let change = json!({"dispute": dispute_id, "reason": reason});
    let entry = Entry::dispute(id, kind, &change);
    changelog::write_recorded(db, who, entry, vec![statement]).await?;
    Ok(Dispute {
        id: dispute_id,
        reason: reason.to_owned(),
        by_owner: who.owner(),
        at: None,
    })
}

/// Approves (verifies) or rejects a record; a rejection needs a reason. Either closes the
/// record's open disputes.
pub async fn decide(
    db: &Db,
    who: &Principal,
    kind: RecordKind,
    id: &str,
    decision: Decision,
    reason: Option<String>,
) -> Result<Decided, Error> {
    match (decision, organisation(kind, id)?) {
        (Decision::Approve, Some((kind, id))) => {
            crate::organisations::store::verify(db, who, kind, &id).await?;
        }
        (Decision::Approve, None) => {
            crate::relationships::store::verify(db, who, id).await?;
        }
        (Decision::Reject, target) => {
            let reason = reason
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty())
                .ok_or_else(|| {
                    Error::invalid(
                        "reason",
                        "required",
                        "a rejection needs the reason the member will see",
                    )
                })?;
            match target {
                Some((kind, id)) => {
                    crate::organisations::store::reject(db, who, kind, &id, &reason).await?;
                }
                None => crate::relationships::store::reject(db, who, id, &reason).await?,
            }
            close_disputes(db, kind, id, Decision::Reject).await?;
            return Ok(Decided {
                kind,
                id: id.to_owned(),
                status: ReviewStatus::Rejected,
                reason: Some(reason),
            });
        }
    }
    close_disputes(db, kind, id, Decision::Approve).await?;
    Ok(Decided {
        kind,
        id: id.to_owned(),
        status: ReviewStatus::Verified,
        reason: None,
    })
}

async fn close_disputes(
    db: &Db,
    kind: RecordKind,
    id: &str,
    decision: Decision,
) -> Result<(), Error> {
    let decision = match decision {
        Decision::Approve => "approve",
        Decision::Reject => "reject",
    };
    let q = query(CLOSE_DISPUTES)
        .param("id", id)
        .param("kind", kind.as_str())
        .param("decision", decision);
    Ok(db.run(q).await?)
}

/// One of a member organisation's records.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OwnRecord {
    pub kind: RecordKind,
    pub id: String,
    pub title: String,
    pub status: ReviewStatus,
    /// Why a curator rejected it.
    pub reason: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Deserialize)]
struct OwnRow {
    kind: RecordKind,
    id: String,
    title: String,
    verified: bool,
    reason: Option<String>,
    updated_at: Option<String>,
}

/// The records `owner` recorded, most recently changed first (at most `limit`).
pub async fn own_records(db: &Db, owner: &str, limit: usize) -> Result<Vec<OwnRecord>, Error> {
    let q = query(OWN)
        .param("owner", owner)
        .param("types", RelKind::between_organisation_types())
        .param("limit", limit as i64);
    let rows: Vec<OwnRow> = db.column(q, "record").await?;
    Ok(rows
        .into_iter()
        .map(|r| OwnRecord {
            status: match (r.verified, &r.reason) {
                (true, _) => ReviewStatus::Verified,
                (false, Some(_)) => ReviewStatus::Rejected,
                (false, None) => ReviewStatus::Unverified,
            },
            kind: r.kind,
            id: r.id,
            title: r.title,
            reason: r.reason,
            updated_at: r.updated_at,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logged(action: &str, changes: Value) -> Logged {
        Logged {
            action: action.into(),
            changes: changes.to_string(),
        }
    }

    #[test]
    fn edits_since_verification_fold_into_one_diff() {
        let history = [
            logged(
                "update",
                json!({"scale": {"from": "small", "to": "medium"}}),
            ),
            logged(
                "update",
                json!({"scale": {"from": "medium", "to": "large"},
                                    "verified": {"from": true, "to": false}}),
            ),
            logged(
                "update",
                json!({"park": {"from": null, "to": "binhai-zgc"}}),
            ),
            logged(
                "update",
                json!({"park": {"from": "binhai-zgc", "to": null}}),
            ),
        ];
        let (new, diff) = fold(&history);
        assert!(!new);
        assert_eq!(
            Value::Object(diff),
            json!({"scale": {"from": "small", "to": "large"}})
        );
        let (new, _) = fold(&[logged("create", json!({"name_zh": "x"}))]);
        assert!(new);
    }
}
