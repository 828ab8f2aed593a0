//! Reading and writing organisations. Every write runs in one transaction together with its
//! history record, so a failure leaves nothing half-written.

mod batch;
mod capability;
mod change;
mod create;
mod link_claim;
mod list;
mod membership;
mod merge;
mod update;

use neo4rs::query;

use super::model::{Organisation, PossibleDuplicate};
use crate::auth::{Principal, CURATED_OWNER};
use crate::db::{Db, DbError};
use crate::domain::{OrgId, OrgKind, RegionCode, SegmentId};
use crate::error::Error;
pub use batch::{create_query, update_query, CreateRow, UpdateRow};
pub use capability::{delete_capability, put_capability, NewCapability};
pub use create::create;
pub use list::{list, ListFilter};
pub use membership::{delete_membership, put_membership};
pub use merge::merge;
pub use update::{delete, reject, update, verify};

const GET: &str = include_str!("../../../cypher/organisations/get.cypher");
const BY_USCC: &str = include_str!("../../../cypher/organisations/by_uscc.cypher");
const DUPLICATES: &str = include_str!("../../../cypher/organisations/duplicates.cypher");
const REFERENCES: &str = include_str!("../../../cypher/organisations/references_exist.cypher");

pub async fn get_many(
    db: &Db,
    kind: Option<OrgKind>,
    ids: &[String],
) -> Result<Vec<Organisation>, DbError> {
    let q = query(GET)
        .param("ids", ids.to_vec())
        .param("kind", kind.map(OrgKind::as_str));
    db.column(q, "organisation").await
}

/// The organisation of that kind; for one merged into another, where it lives now; else a
/// not-found error that names the kind.
pub async fn get(db: &Db, kind: OrgKind, id: &OrgId) -> Result<Organisation, Error> {
    if let Some(found) = get_many(db, Some(kind), &[id.to_string()]).await?.pop() {
        return Ok(found);
    }
    match merge::merged_into(db, kind, id).await? {
        Some(into) => Err(Error::Merged {
            kind,
            id: id.to_string(),
            into,
        }),
        None => Err(Error::not_found(kind.as_str(), id.as_str())),
    }
}

/// Names, in an invalid-input error, the first referenced region, park or link that does not
/// exist.
pub async fn check_references(
    db: &Db,
    region: Option<&RegionCode>,
    park: Option<&str>,
    segment: Option<&SegmentId>,
) -> Result<(), Error> {
    let q = query(REFERENCES)
        .param("region", region.map(RegionCode::as_str))
        .param("park", park)
        .param("segment", segment.map(SegmentId::as_str));
    let rows = db.rows(q).await?;
    let row = rows
        .first()
        .ok_or_else(|| DbError::Decode("no reference row".into()))?;
    let ok = |column: &str| row.get::<bool>(column).map_err(DbError::from);
    if !ok("region_ok")? {
        let message = format!("unknown region code {}", region.map_or("", |r| r.as_str()));
        return Err(Error::invalid("region", "exists", message));
    }
    if !ok("park_ok")? {
        let message = format!("unknown park {}", park.unwrap_or(""));
        return Err(Error::invalid("park", "exists", message));
    }
    if !ok("segment_ok")? {
        let message = format!("unknown chain link {}", segment.map_or("", |s| s.as_str()));
        return Err(Error::invalid("segment", "exists", message));
    }
    Ok(())
}

/// A conflict naming the enterprise that already holds the USCC.
async fn uscc_conflict(db: &Db, uscc: &str) -> Error {
    let existing: Vec<String> = db
        .column(query(BY_USCC).param("uscc", uscc), "id")
        .await
        .unwrap_or_default();
    Error::Conflict {
        detail: format!("an enterprise with USCC {uscc} is already registered"),
        existing_id: existing.into_iter().next(),
    }
}

pub async fn duplicates(db: &Db, org: &Organisation) -> Result<Vec<PossibleDuplicate>, DbError> {
    let q = query(DUPLICATES)
        .param("id", org.id.as_str())
        .param("region", org.region_code.as_str())
        .param(
            "name_key",
            crate::domain::organisation::name_key(&org.name_zh),
        );
    db.column(q, "duplicate").await
}

/// Members may change only what their organisation owns.
pub fn ensure_may_change(who: &Principal, org: &Organisation) -> Result<(), Error> {
    if who.may_change(org.owner.as_deref().unwrap_or(CURATED_OWNER)) {
        Ok(())
    } else {
        Err(Error::Forbidden(format!(
            "'{}' is owned by another organisation",
            org.id
        )))
    }
}

pub async fn by_uscc(db: &Db, uscc: &str) -> Result<Organisation, Error> {
    let ids: Vec<String> = db.column(query(BY_USCC).param("uscc", uscc), "id").await?;
    get_many(db, Some(OrgKind::Enterprise), &ids)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found("enterprise with USCC", uscc))
}
