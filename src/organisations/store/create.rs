use neo4rs::query;
use serde_json::{json, Value};

use super::{bolt, check_references, duplicates, get_or_404, kind_str, uscc_conflict};
use crate::auth::{Principal, Role};
use crate::db::{Db, DbError};
use crate::domain::OrgKind;
use crate::error::ApiError;
use crate::organisations::history::{self, new_id, Action};
use crate::organisations::input::Draft;
use crate::organisations::model::Registered;

const CREATE: &str = include_str!("../../../cypher/organisations/create.cypher");

/// The statement that creates organisations of one kind from `rows` ({id, props, region, park}).
pub fn create_query(
    kind: OrgKind,
    who: &Principal,
    rows: Vec<Value>,
) -> Result<neo4rs::Query, DbError> {
    Ok(query(&CREATE.replace("__LABEL__", kind.label()))
        .param("rows", bolt(Value::Array(rows))?)
        .param("kind", kind_str(kind))
        .param("verified", who.role == Role::Admin)
        .param("owner", who.owner())
        .param("key_id", who.key_id.as_str()))
}

pub async fn create(db: &Db, who: &Principal, draft: Draft) -> Result<Registered, ApiError> {
    let region = draft.region.clone().unwrap_or_default();
    let park = draft.park.clone().flatten();
    check_references(db, Some(&region), park.as_deref(), None).await?;
    let id = new_id(if draft.kind == OrgKind::Enterprise {
        "ent"
    } else {
        "rd"
    });
    let uscc = draft
        .props
        .get("uscc")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let snapshot = Value::Object(draft.props.clone());
    let row = json!({"id": id, "props": snapshot, "region": region, "park": park});
    let q = create_query(draft.kind, who, vec![row])?;
    let target = (id.as_str(), kind_str(draft.kind));
    let written = history::write_recorded(db, who, target, Action::Create, snapshot, vec![q]).await;
    if let Err(e) = written {
        return Err(uscc_conflict(db, e, uscc.as_deref()).await);
    }
    let organisation = get_or_404(db, draft.kind, &id).await?;
    let possible_duplicates = duplicates(db, &organisation).await?;
    Ok(Registered {
        organisation,
        possible_duplicates,
    })
}
