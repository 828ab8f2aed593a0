use neo4rs::query;
use serde_json::json;

use super::{check_references, ensure_may_change, get};
use crate::auth::Principal;
use crate::changelog::{self, Action, Entry};
use crate::db::{to_bolt, Db};
use crate::domain::{OrgId, OrgKind, RecordKind, SegmentId, SegmentRole};
use crate::error::Error;
use crate::organisations::model::Organisation;

const PUT_MEMBERSHIP: &str = include_str!("../../../cypher/organisations/put_membership.cypher");
const DELETE_MEMBERSHIP: &str =
    include_str!("../../../cypher/organisations/delete_membership.cypher");

/// Declares (or re-declares) that an enterprise operates in a chain link.
pub async fn put_membership(
    db: &Db,
    who: &Principal,
    id: &OrgId,
    segment: &SegmentId,
    role: SegmentRole,
    products: Vec<String>,
) -> Result<Organisation, Error> {
    let before = get(db, OrgKind::Enterprise, id).await?;
    ensure_may_change(who, &before)?;
    check_references(db, None, None, Some(segment)).await?;
    let change =
        json!({"segments": {"put": {"segment": segment, "role": role, "products": products}}});
    let statement = query(PUT_MEMBERSHIP)
        .param("id", id.as_str())
        .param("segment", segment.as_str())
        .param("role", to_bolt(&role)?)
        .param("products", products);
    let entry = Entry::new(id.as_str(), RecordKind::Enterprise, Action::Update, &change);
    changelog::write_recorded(db, who, entry, vec![statement]).await?;
    get(db, OrgKind::Enterprise, id).await
}

pub async fn delete_membership(
    db: &Db,
    who: &Principal,
    id: &OrgId,
    segment: &SegmentId,
) -> Result<(), Error> {
    let before = get(db, OrgKind::Enterprise, id).await?;
    ensure_may_change(who, &before)?;
    if !before
        .segments
        .iter()
        .any(|m| m.segment == segment.as_str())
    {
        return Err(Error::not_found(
            "chain link membership",
            format!("{id} in {segment}"),
        ));
    }
    let change = json!({"segments": {"removed": segment}});
    let statement = query(DELETE_MEMBERSHIP)
        .param("id", id.as_str())
        .param("segment", segment.as_str());
    let entry = Entry::new(id.as_str(), RecordKind::Enterprise, Action::Update, &change);
    changelog::write_recorded(db, who, entry, vec![statement]).await?;
    Ok(())
}
