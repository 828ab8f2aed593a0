//! Reading and writing organisations. Every write runs in one transaction together with its
//! history record, so a failure leaves nothing half-written.

mod create;
mod list;
mod membership;
mod update;

use neo4rs::{query, BoltType};
use serde_json::Value;

use super::model::{Organisation, PossibleDuplicate};
use crate::auth::Principal;
use crate::db::{Db, DbError};
use crate::domain::organisation::name_key;
use crate::domain::OrgKind;
use crate::error::ApiError;
pub use create::{create, create_query};
pub use list::{list, ListFilter};
pub use membership::{delete_membership, put_membership};
pub use update::{delete, update, verify};

const GET: &str = include_str!("../../../cypher/organisations/get.cypher");
const BY_USCC: &str = include_str!("../../../cypher/organisations/by_uscc.cypher");
const DUPLICATES: &str = include_str!("../../../cypher/organisations/duplicates.cypher");
const REFERENCES: &str = include_str!("../../../cypher/organisations/references_exist.cypher");

pub fn kind_str(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Enterprise => "enterprise",
        OrgKind::RdSource => "rd_source",
    }
}

pub fn bolt(value: Value) -> Result<BoltType, DbError> {
    BoltType::try_from(value).map_err(|e| DbError::Decode(e.to_string()))
}

pub async fn get_many(
    db: &Db,
    kind: Option<OrgKind>,
    ids: &[String],
) -> Result<Vec<Organisation>, DbError> {
    let q = query(GET)
        .param("ids", ids.to_vec())
        .param("kind", kind.map(kind_str));
    db.column(q, "organisation").await
}

pub async fn get(
    db: &Db,
    kind: Option<OrgKind>,
    id: &str,
) -> Result<Option<Organisation>, DbError> {
    Ok(get_many(db, kind, &[id.to_owned()])
        .await?
        .into_iter()
        .next())
}

/// The organisation, or a 404 that names its kind.
pub async fn get_or_404(db: &Db, kind: OrgKind, id: &str) -> Result<Organisation, ApiError> {
    get(db, Some(kind), id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("{} '{id}' does not exist", kind_str(kind))))
}

/// Names, in a 422, the first referenced region, park or link that does not exist.
pub async fn check_references(
    db: &Db,
    region: Option<&str>,
    park: Option<&str>,
    segment: Option<&str>,
) -> Result<(), ApiError> {
    let q = query(REFERENCES)
        .param("region", region)
        .param("park", park)
        .param("segment", segment);
    let rows = db.rows(q).await?;
    let row = rows
        .first()
        .ok_or_else(|| ApiError::Internal("no reference row".into()))?;
    if !row.get::<bool>("region_ok").map_err(DbError::from)? {
        return Err(ApiError::invalid(
            "region",
            "exists",
            format!("unknown region code {}", region.unwrap_or("")),
        ));
    }
    if !row.get::<bool>("park_ok").map_err(DbError::from)? {
        return Err(ApiError::invalid(
            "park",
            "exists",
            format!("unknown park {}", park.unwrap_or("")),
        ));
    }
    if !row.get::<bool>("segment_ok").map_err(DbError::from)? {
        let message = format!("unknown chain link {}", segment.unwrap_or(""));
        return Err(ApiError::invalid("segment", "exists", message));
    }
    Ok(())
}

/// 409 naming the enterprise that already holds the USCC; other failures pass through.
pub(super) async fn uscc_conflict(db: &Db, e: DbError, uscc: Option<&str>) -> ApiError {
    let (DbError::Constraint(_), Some(uscc)) = (&e, uscc) else {
        return e.into();
    };
    let existing: Vec<String> = db
        .column(query(BY_USCC).param("uscc", uscc), "id")
        .await
        .unwrap_or_default();
    ApiError::Conflict {
        detail: format!("an enterprise with USCC {uscc} is already registered"),
        existing_id: existing.into_iter().next(),
    }
}

pub async fn duplicates(db: &Db, org: &Organisation) -> Result<Vec<PossibleDuplicate>, DbError> {
    let q = query(DUPLICATES)
        .param("id", org.id.as_str())
        .param("region", org.region_code.as_str())
        .param("name_key", name_key(&org.name_zh));
    db.column(q, "duplicate").await
}

/// Members may change only what their organisation owns.
pub fn ensure_may_change(who: &Principal, org: &Organisation) -> Result<(), ApiError> {
    if who.may_change(org.owner.as_deref().unwrap_or("admin")) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "'{}' is owned by another organisation",
            org.id
        )))
    }
}

pub async fn by_uscc(db: &Db, uscc: &str) -> Result<Option<Organisation>, DbError> {
    let ids: Vec<String> = db.column(query(BY_USCC).param("uscc", uscc), "id").await?;
    Ok(get_many(db, Some(OrgKind::Enterprise), &ids)
        .await?
        .into_iter()
        .next())
}
