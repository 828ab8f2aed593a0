use neo4rs::query;
use serde_json::{json, Map, Value};

use super::{check_references, ensure_may_change, get, update_query, uscc_conflict, UpdateRow};
use crate::auth::Principal;
use crate::changelog::{self, Action, Entry};
use crate::db::Db;
use crate::domain::{OrgId, OrgKind};
use crate::error::Error;
use crate::organisations::input::OrganisationPatch;
use crate::organisations::model::Organisation;

const DELETE: &str = include_str!("../../../cypher/organisations/delete.cypher");
const VERIFY: &str = include_str!("../../../cypher/organisations/verify.cypher");

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
        if key != "name_key" {
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

pub async fn update(
    db: &Db,
    who: &Principal,
    id: &OrgId,
    patch: OrganisationPatch,
) -> Result<Organisation, Error> {
    let before = get(db, patch.kind, id).await?;
    ensure_may_change(who, &before)?;
    let park = patch.park.clone().flatten();
    check_references(db, patch.region.as_ref(), park.as_deref(), None).await?;
    let changes = diff(&before, &patch);
    if changes.is_empty() {
        return Ok(before);
    }
    let uscc = patch.props.uscc.as_ref().map(|u| u.to_string());
    let row = UpdateRow {
        id: id.to_string(),
        props: patch.props,
        region: patch.region,
        set_park: patch.park.is_some(),
        park,
    };
    let entry = Entry::new(
        id.as_str(),
        patch.kind.into(),
        Action::Update,
        &Value::Object(changes),
    );
    let written = changelog::write_recorded(db, who, entry, vec![update_query(&[row])?]).await;
    if let Err(e) = written {
        return Err(uscc_conflict(db, e, uscc.as_deref()).await);
    }
    get(db, patch.kind, id).await
}

/// Deletes the record and every relationship it has; the history stays.
pub async fn delete(db: &Db, who: &Principal, kind: OrgKind, id: &OrgId) -> Result<(), Error> {
    let before = get(db, kind, id).await?;
    ensure_may_change(who, &before)?;
    let snapshot = serde_json::to_value(&before).unwrap_or_default();
    let entry = Entry::new(id.as_str(), kind.into(), Action::Delete, &snapshot);
    let statement = query(DELETE).param("id", id.as_str());
    changelog::write_recorded(db, who, entry, vec![statement]).await?;
    Ok(())
}

pub async fn verify(
    db: &Db,
    who: &Principal,
    kind: OrgKind,
    id: &OrgId,
) -> Result<Organisation, Error> {
    let before = get(db, kind, id).await?;
    if !before.verified {
        let change = json!({"verified": {"from": false, "to": true}});
        let entry = Entry::new(id.as_str(), kind.into(), Action::Verify, &change);
        let statement = query(VERIFY).param("id", id.as_str());
        changelog::write_recorded(db, who, entry, vec![statement]).await?;
    }
    get(db, kind, id).await
}
