use neo4rs::query;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::change::{self, change, verification_reset, Planned};
use super::{check_references, ensure_may_change, update_query, uscc_conflict, UpdateRow};
use crate::auth::{Principal, Role};
use crate::changelog::{self, Action, Entry};
use crate::db::{Db, DbError};
use crate::domain::names::match_text;
use crate::domain::{OrgId, OrgKind, RelKind};
use crate::error::Error;
use crate::organisations::input::{OrganisationPatch, PropsPatch};
use crate::organisations::model::Organisation;

const DELETE: &str = include_str!("../../../cypher/organisations/delete.cypher");
const VERIFY: &str = include_str!("../../../cypher/organisations/verify.cypher");
const REJECT: &str = include_str!("../../../cypher/organisations/reject.cypher");
const RELATIONSHIPS_OF: &str =
    include_str!("../../../cypher/organisations/relationships_of.cypher");

/// `{field: {from, to}}` for every field the patch changes.
fn diff(before: &Organisation, patch: &OrganisationPatch) -> Map<String, Value> {
    let old = serde_json::to_value(before).unwrap_or_default();
    let new = serde_json::to_value(&patch.props).unwrap_or_default();
    let mut changes = Map::new();
    let mut note = |field: &str, from: Value, to: Value| {
        if from != to {
            changes.insert(field.to_owned(), json!({"from": from, "to": to}));
        }
    };
    for (key, to) in new.as_object().into_iter().flatten() {
        if key != "name_key" && key != "match_text" {
            note(
                key,
                old.get(key).cloned().unwrap_or(Value::Null),
                to.clone(),
            );
        }
    }
    if let Some(region) = &patch.region {
        note("region_code", json!(before.region_code), json!(region));
    }
    if let Some(park) = &patch.park {
        note("park", json!(before.park), json!(park));
    }
    changes
}

/// A patch that renames the record also renews what reconciliation finds it by, from the names
/// it will have.
pub fn with_match_text(mut props: PropsPatch, current: &Organisation) -> PropsPatch {
    if props.name_zh.is_some() || props.name_en.is_some() {
        let name_zh = props.name_zh.as_deref().unwrap_or(&current.name_zh);
        let name_en = match &props.name_en {
            Some(set) => set.as_deref(),
            None => current.name_en.as_deref(),
        };
        let legal_name = current.legal_name.as_deref();
        props.match_text = Some(match_text(&[Some(name_zh), name_en, legal_name]));
    }
    props
}

/// Edits a record. The diff is taken inside the write transaction, from the locked current
/// record; `expected` (from `If-Match`) must be its version.
pub async fn update(
    db: &Db,
    who: &Principal,
    id: &OrgId,
    patch: OrganisationPatch,
    expected: Option<i64>,
) -> Result<Organisation, Error> {
    let park = patch.park.clone().flatten();
    check_references(db, patch.region.as_ref(), park.as_deref(), None).await?;
    let uscc = patch.props.uscc.as_ref().map(|u| u.to_string());
    let (kind, who2) = (patch.kind, who.clone());
    let plan = move |current: &Organisation| -> Result<Planned, Error> {
        let mut changes = diff(current, &patch);
        if changes.is_empty() {
            return Ok(None);
        }
        changes.extend(verification_reset(&who2, current));
        let row = UpdateRow {
            id: current.id.clone(),
            props: with_match_text(patch.props.clone(), current),
            region: patch.region.clone(),
            set_park: patch.park.is_some(),
            park: park.clone(),
        };
        let mut entry = Entry::organisation(&current.id, kind, Action::Update, &changes.into());
        if row
            .region
            .as_ref()
            .is_some_and(|r| r.as_str() != current.region_code)
        {
            entry = entry.moved_from(&current.region_code);
        }
        Ok(Some((vec![update_query(&[row], &who2)?], entry)))
    };
    match change(db, who, kind, id, expected, plan).await {
        Err(Error::Conflict {
            existing_id: None, ..
        }) if uscc.is_some() => Err(uscc_conflict(db, uscc.as_deref().unwrap_or_default()).await),
        other => other,
    }
}

pub async fn verify(
    db: &Db,
    who: &Principal,
    kind: OrgKind,
    id: &OrgId,
) -> Result<Organisation, Error> {
    change(db, who, kind, id, None, move |current| {
        if current.synthetic {
            return Err(Error::synthetic_never_verified());
        }
        if current.verified {
            return Ok(None);
        }
        let change = json!({"verified": {"from": false, "to": true}});
        let entry = Entry::organisation(&current.id, kind, Action::Verify, &change);
        Ok(Some((
            vec![query(VERIFY).param("id", current.id.as_str())],
            entry,
        )))
    })
    .await
}

/// Turns a submission down with the reason its member sees (admin).
pub async fn reject(
    db: &Db,
    who: &Principal,
    kind: OrgKind,
    id: &OrgId,
    reason: &str,
) -> Result<Organisation, Error> {
    let reason = reason.to_owned();
    change(db, who, kind, id, None, move |current| {
        if current.synthetic {
            return Err(Error::synthetic_never_verified());
        }
        let change = json!({"verified": {"from": current.verified, "to": false}, "reason": reason});
        let entry = Entry::organisation(&current.id, kind, Action::Reject, &change);
        let statement = query(REJECT)
            .param("id", current.id.as_str())
            .param("reason", reason.as_str());
        Ok(Some((vec![statement], entry)))
    })
    .await
}

/// A relationship the organisation takes part in, as `relationships_of.cypher` returns it.
#[derive(Debug, Deserialize)]
struct Attached {
    id: String,
    owner: String,
    /// The organisation (or region) at its other end.
    other: String,
    props: Value,
}

/// Deletes the record and every relationship it takes part in; the history stays. A member may
/// not delete relationships another member or a curator recorded, so its deletion is refused
/// (409, naming them) while any exist; a curator's deletion removes them too and records each
/// removal in the same transaction.
pub async fn delete(
    db: &Db,
    who: &Principal,
    kind: OrgKind,
    id: &OrgId,
    expected: Option<i64>,
) -> Result<(), Error> {
    let (who, id) = (who.clone(), id.clone());
    db.in_transaction(move |tx| {
        Box::pin(async move {
            let current = change::lock(tx, kind, &id).await?;
            ensure_may_change(&who, &current)?;
            change::check_version(&current, expected)?;
            let attached = tx
                .rows(
                    query(RELATIONSHIPS_OF)
                        .param("id", id.as_str())
                        .param("twins", RelKind::twin_types()),
                )
                .await?
                .iter()
                .map(|r| r.to::<Attached>().map_err(DbError::from))
                .collect::<Result<Vec<_>, _>>()?;
            let others: Vec<&str> = attached
                .iter()
                .filter(|r| who.role != Role::Admin && !who.may_change(&r.owner))
                .map(|r| r.id.as_str())
                .collect();
            if !others.is_empty() {
                return Err(Error::Conflict {
                    detail: format!(
                        "'{id}' takes part in relationships other organisations recorded ({}); \
                         they must delete them, or a curator must delete the record",
                        others.join(", ")
                    ),
                    existing_id: None,
                });
            }
            let mut entries: Vec<Entry> = attached
                .iter()
                .map(|r| {
                    Entry::relationship(&r.id, id.as_str(), &r.other, Action::Delete, &r.props)
                })
                .collect();
            let snapshot = serde_json::to_value(&current).unwrap_or_default();
            entries.push(
                Entry::organisation(id.as_str(), kind, Action::Delete, &snapshot)
                    .with_chains(current.chains())
                    .gone_from(&current.region_code, current.owner.as_deref()),
            );
            tx.run(query(DELETE).param("id", id.as_str())).await?;
            changelog::record(tx, &who, &entries).await?;
            Ok::<_, Error>(())
        })
    })
    .await
}
