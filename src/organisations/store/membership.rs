use neo4rs::query;
use serde_json::{json, Map};

use super::change::{change, verification_reset, Planned};
use super::check_references;
use crate::auth::{Principal, Role};
use crate::changelog::{Action, Entry};
use crate::db::{to_bolt, Db};
use crate::domain::{OrgId, OrgKind, RecordKind, SegmentId, SegmentRole};
use crate::error::Error;
use crate::organisations::model::Organisation;

const PUT_MEMBERSHIP: &str = include_str!("../../../cypher/organisations/put_membership.cypher");
const DELETE_MEMBERSHIP: &str =
    include_str!("../../../cypher/organisations/delete_membership.cypher");

/// The history entry of a membership change, with the verification reset it causes.
fn entry(who: &Principal, current: &Organisation, segments: serde_json::Value) -> Entry {
    let mut changes = Map::new();
    changes.insert("segments".into(), segments);
    changes.extend(verification_reset(who, current));
    Entry::new(
        &current.id,
        RecordKind::Enterprise,
        Action::Update,
        &changes.into(),
    )
}

/// Declares (or re-declares) that an enterprise operates in a chain link.
pub async fn put_membership(
    db: &Db,
    who: &Principal,
    id: &OrgId,
    segment: &SegmentId,
    role: SegmentRole,
    products: Vec<String>,
) -> Result<Organisation, Error> {
    check_references(db, None, None, Some(segment)).await?;
    let (who2, segment) = (who.clone(), segment.clone());
    let plan = move |current: &Organisation| -> Result<Planned, Error> {
        let put = json!({"put": {"segment": segment, "role": role, "products": products}});
        let statement = query(PUT_MEMBERSHIP)
            .param("id", current.id.as_str())
            .param("segment", segment.as_str())
            .param("role", to_bolt(&role)?)
            .param("products", products.clone())
            .param("curator", who2.role == Role::Admin);
        Ok(Some((vec![statement], entry(&who2, current, put))))
    };
    change(db, who, OrgKind::Enterprise, id, None, plan).await
}

pub async fn delete_membership(
    db: &Db,
    who: &Principal,
    id: &OrgId,
    segment: &SegmentId,
) -> Result<(), Error> {
    let (who2, segment) = (who.clone(), segment.clone());
    let plan = move |current: &Organisation| -> Result<Planned, Error> {
        if !current
            .segments
            .iter()
            .any(|m| m.segment == segment.as_str())
        {
            let what = format!("{} in {segment}", current.id);
            return Err(Error::not_found("chain link membership", what));
        }
        let statement = query(DELETE_MEMBERSHIP)
            .param("id", current.id.as_str())
            .param("segment", segment.as_str())
            .param("curator", who2.role == Role::Admin);
        let removed = json!({"removed": segment});
        Ok(Some((vec![statement], entry(&who2, current, removed))))
    };
    change(db, who, OrgKind::Enterprise, id, None, plan).await?;
    Ok(())
}
