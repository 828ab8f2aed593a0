use neo4rs::query;
use serde_json::{json, Map, Value};

use super::{bolt, check_references, ensure_may_change, get_or_404, kind_str, uscc_conflict};
use crate::auth::Principal;
use crate::db::Db;
use crate::domain::OrgKind;
use crate::error::ApiError;
use crate::organisations::history::{self, Action};
use crate::organisations::input::Draft;
use crate::organisations::model::Organisation;

const UPDATE: &str = include_str!("../../../cypher/organisations/update.cypher");
const MOVE_REGION: &str = include_str!("../../../cypher/organisations/move_region.cypher");
const SET_PARK: &str = include_str!("../../../cypher/organisations/set_park.cypher");
const DELETE: &str = include_str!("../../../cypher/organisations/delete.cypher");
const VERIFY: &str = include_str!("../../../cypher/organisations/verify.cypher");

fn diff(before: &Organisation, draft: &Draft) -> Map<String, Value> {
    let old = serde_json::to_value(before).unwrap_or_default();
    let mut changes = Map::new();
    let mut note = |field: &str, from: Value, to: Value| {
        if from != to {
            changes.insert(field.to_owned(), json!({"from": from, "to": to}));
        }
    };
    for (key, to) in draft.props.iter().filter(|(k, _)| k.as_str() != "name_key") {
        note(
            key,
            old.get(key).cloned().unwrap_or(Value::Null),
            to.clone(),
        );
    }
    if let Some(region) = &draft.region {
        note("region_code", json!(before.region_code), json!(region));
    }
    if let Some(park) = &draft.park {
        note("park", json!(before.park), json!(park));
    }
    changes
}

pub async fn update(
    db: &Db,
    who: &Principal,
    id: &str,
    draft: Draft,
) -> Result<Organisation, ApiError> {
    let before = get_or_404(db, draft.kind, id).await?;
    ensure_may_change(who, &before)?;
    let park = draft.park.clone().flatten();
    check_references(db, draft.region.as_deref(), park.as_deref(), None).await?;
    let changes = diff(&before, &draft);
    if changes.is_empty() {
        return Ok(before);
    }
    let uscc = draft
        .props
        .get("uscc")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut queries = vec![query(UPDATE)
        .param("id", id)
        .param("props", bolt(Value::Object(draft.props))?)];
    if let Some(region) = &draft.region {
        queries.push(
            query(MOVE_REGION)
                .param("id", id)
                .param("region", region.as_str()),
        );
    }
    if let Some(park) = &draft.park {
        queries.push(
            query(SET_PARK)
                .param("id", id)
                .param("park", park.as_deref()),
        );
    }
    let target = (id, kind_str(draft.kind));
    let changes = Value::Object(changes);
    let written = history::write_recorded(db, who, target, Action::Update, changes, queries).await;
    if let Err(e) = written {
        return Err(uscc_conflict(db, e, uscc.as_deref()).await);
    }
    get_or_404(db, draft.kind, id).await
}

/// Deletes the record and every relationship it has; the history stays.
pub async fn delete(db: &Db, who: &Principal, kind: OrgKind, id: &str) -> Result<(), ApiError> {
    let before = get_or_404(db, kind, id).await?;
    ensure_may_change(who, &before)?;
    let snapshot = serde_json::to_value(&before).unwrap_or_default();
    let statements = vec![query(DELETE).param("id", id)];
    history::write_recorded(
        db,
        who,
        (id, kind_str(kind)),
        Action::Delete,
        snapshot,
        statements,
    )
    .await?;
    Ok(())
}

pub async fn verify(
    db: &Db,
    who: &Principal,
    kind: OrgKind,
    id: &str,
) -> Result<Organisation, ApiError> {
    let before = get_or_404(db, kind, id).await?;
    if !before.verified {
        let change = json!({"verified": {"from": false, "to": true}});
        let statements = vec![query(VERIFY).param("id", id)];
        history::write_recorded(
            db,
            who,
            (id, kind_str(kind)),
            Action::Verify,
            change,
            statements,
        )
        .await?;
    }
    get_or_404(db, kind, id).await
}
