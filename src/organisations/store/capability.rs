use neo4rs::query;
use serde_json::json;

use super::link_claim::{self, LinkClaim};
use crate::auth::Principal;
use crate::db::Db;
use crate::domain::{OrgId, OrgKind, SegmentId};
use crate::error::Error;
use crate::organisations::model::Organisation;

const PUT_CAPABILITY: &str = include_str!("../../../cypher/organisations/put_capability.cypher");

static CAPABILITY: LinkClaim = LinkClaim {
    kind: OrgKind::RdSource,
    field: "capabilities",
    what: "capability",
    delete: include_str!("../../../cypher/organisations/delete_capability.cypher"),
    held: |o, segment| o.capabilities.iter().any(|c| c.segment == segment),
};

/// A checked capability, as `put_capability` writes it.
#[derive(Debug, Clone)]
pub struct NewCapability {
    pub technology: String,
    pub readiness: i64,
    pub evidence: Option<String>,
    pub source: String,
}

/// Declares (or re-declares) what an R&D source can do in a chain link.
pub async fn put_capability(
    db: &Db,
    who: &Principal,
    id: &OrgId,
    segment: &SegmentId,
    c: NewCapability,
) -> Result<Organisation, Error> {
    let value = json!({"segment": segment, "technology": c.technology,
        "readiness": c.readiness, "evidence": c.evidence, "source": c.source});
    let segment2 = segment.clone();
    let statement = move |current: &Organisation, curator: bool| {
        Ok(query(PUT_CAPABILITY)
            .param("id", current.id.as_str())
            .param("kind", OrgKind::RdSource.as_str())
            .param("segment", segment2.as_str())
            .param("technology", c.technology.as_str())
            .param("readiness", c.readiness)
            .param("evidence", c.evidence.clone())
            .param("source", c.source.as_str())
            .param("curator", curator))
    };
    link_claim::put(db, who, &CAPABILITY, id, segment, value, statement).await
}

pub async fn delete_capability(
    db: &Db,
    who: &Principal,
    id: &OrgId,
    segment: &SegmentId,
) -> Result<(), Error> {
    link_claim::withdraw(db, who, &CAPABILITY, id, segment).await
}
