use neo4rs::query;
use serde_json::json;

use super::{check_references, ensure_may_change, get_or_404};
use crate::auth::Principal;
use crate::db::Db;
use crate::domain::{OrgKind, SegmentRole};
use crate::error::ApiError;
use crate::organisations::history::{self, Action};
use crate::organisations::model::Organisation;

const PUT_MEMBERSHIP: &str = include_str!("../../../cypher/organisations/put_membership.cypher");
const DELETE_MEMBERSHIP: &str =
    include_str!("../../../cypher/organisations/delete_membership.cypher");

/// Declares (or re-declares) that an enterprise operates in a chain link.
pub async fn put_membership(
    db: &Db,
    who: &Principal,
    id: &str,
    segment: &str,
    role: SegmentRole,
    products: Vec<String>,
) -> Result<Organisation, ApiError> {
    let before = get_or_404(db, OrgKind::Enterprise, id).await?;
    ensure_may_change(who, &before)?;
    check_references(db, None, None, Some(segment)).await?;
    let change =
        json!({"segments": {"put": {"segment": segment, "role": role, "products": products}}});
    let q = query(PUT_MEMBERSHIP)
        .param("id", id)
        .param("segment", segment)
        .param(
            "role",
            serde_json::to_value(role)
                .unwrap_or_default()
                .as_str()
                .unwrap_or(""),
        )
        .param("products", products);
    history::write_recorded(db, who, (id, "enterprise"), Action::Update, change, vec![q]).await?;
    get_or_404(db, OrgKind::Enterprise, id).await
}

pub async fn delete_membership(
    db: &Db,
    who: &Principal,
    id: &str,
    segment: &str,
) -> Result<(), ApiError> {
    let before = get_or_404(db, OrgKind::Enterprise, id).await?;
    ensure_may_change(who, &before)?;
    if !before.segments.iter().any(|m| m.segment == segment) {
        return Err(ApiError::NotFound(format!(
            "'{id}' does not operate in {segment}"
        )));
    }
    let change = json!({"segments": {"removed": segment}});
    let q = query(DELETE_MEMBERSHIP)
        .param("id", id)
        .param("segment", segment);
    history::write_recorded(db, who, (id, "enterprise"), Action::Update, change, vec![q]).await?;
    Ok(())
}
