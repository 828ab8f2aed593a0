use neo4rs::query;
use serde_json::{json, Map};

use super::change::{change, verification_reset, Planned};
use super::check_references;
use crate::auth::{Principal, Role};
use crate::changelog::{Action, Entry};
use crate::db::Db;
use crate::domain::{OrgId, OrgKind, RecordKind, SegmentId};
use crate::error::Error;
use crate::organisations::model::Organisation;

const PUT_CAPABILITY: &str = include_str!("../../../cypher/organisations/put_capability.cypher");
const DELETE_CAPABILITY: &str =
    include_str!("../../../cypher/organisations/delete_capability.cypher");

/// A checked capability, as `put_capability` writes it.
#[derive(Debug, Clone)]
pub struct NewCapability {
    pub technology: String,
    pub readiness: i64,
    pub evidence: Option<String>,
    pub source: String,
}

fn entry(who: &Principal, current: &Organisation, capabilities: serde_json::Value) -> Entry {
    let mut changes = Map::new();
    changes.insert("capabilities".into(), capabilities);
    changes.extend(verification_reset(who, current));
    Entry::new(
        &current.id,
        RecordKind::RdSource,
        Action::Update,
        &changes.into(),
    )
}

/// Declares (or re-declares) what an R&D source can do in a chain link.
pub async fn put_capability(
    db: &Db,
    who: &Principal,
    id: &OrgId,
    segment: &SegmentId,
    capability: NewCapability,
) -> Result<Organisation, Error> {
    check_references(db, None, None, Some(segment)).await?;
    let (who2, segment) = (who.clone(), segment.clone());
    let plan = move |current: &Organisation| -> Result<Planned, Error> {
        let c = &capability;
        let put = json!({"put": {"segment": segment, "technology": c.technology,
            "readiness": c.readiness, "evidence": c.evidence, "source": c.source}});
        let statement = query(PUT_CAPABILITY)
            .param("id", current.id.as_str())
            .param("kind", OrgKind::RdSource.as_str())
            .param("segment", segment.as_str())
            .param("technology", c.technology.as_str())
            .param("readiness", c.readiness)
            .param("evidence", c.evidence.clone())
            .param("source", c.source.as_str())
            .param("curator", who2.role == Role::Admin);
        Ok(Some((vec![statement], entry(&who2, current, put))))
    };
    change(db, who, OrgKind::RdSource, id, None, plan).await
}

pub async fn delete_capability(
    db: &Db,
    who: &Principal,
    id: &OrgId,
    segment: &SegmentId,
) -> Result<(), Error> {
    let (who2, segment) = (who.clone(), segment.clone());
    let plan = move |current: &Organisation| -> Result<Planned, Error> {
        if !current
            .capabilities
            .iter()
            .any(|c| c.segment == segment.as_str())
        {
            let what = format!("{} in {segment}", current.id);
            return Err(Error::not_found("capability", what));
        }
        let statement = query(DELETE_CAPABILITY)
            .param("id", current.id.as_str())
            .param("kind", OrgKind::RdSource.as_str())
            .param("segment", segment.as_str())
            .param("curator", who2.role == Role::Admin);
        let removed = json!({"removed": segment});
        Ok(Some((vec![statement], entry(&who2, current, removed))))
    };
    change(db, who, OrgKind::RdSource, id, None, plan).await?;
    Ok(())
}
