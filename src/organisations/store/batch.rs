//! The statements that create and edit organisations, for one request and for imports alike.

use neo4rs::{query, Query};
use serde::Serialize;

use crate::auth::{Principal, Role};
use crate::db::{to_bolt, DbError};
use crate::domain::{OrgKind, RegionCode};
use crate::organisations::input::{Props, PropsPatch};

const CREATE: &str = include_str!("../../../cypher/organisations/create.cypher");
const UPDATE: &str = include_str!("../../../cypher/organisations/update.cypher");

/// One organisation to create.
#[derive(Debug, Clone, Serialize)]
pub struct CreateRow {
    pub id: String,
    pub props: Props,
    pub region: RegionCode,
    pub park: Option<String>,
    /// Invented data (synthetic datasets a curator imports): never verified.
    pub synthetic: bool,
}

/// One organisation to edit: `props` set, and region and park changed where given.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateRow {
    pub id: String,
    pub props: PropsPatch,
    pub region: Option<RegionCode>,
    /// Whether `park` replaces the current park (a `None` park then removes it).
    pub set_park: bool,
    pub park: Option<String>,
}

/// The statement that creates organisations of one kind, owned by the caller.
pub fn create_query(kind: OrgKind, who: &Principal, rows: &[CreateRow]) -> Result<Query, DbError> {
    Ok(query(CREATE)
        .param("rows", to_bolt(rows)?)
        .param("label", kind.label())
        .param("kind", kind.as_str())
        .param("verified", who.role == Role::Admin)
        .param("owner", who.owner())
        .param("key_id", who.key_id.as_str()))
}

/// The statement that edits organisations; an edit by anyone but an admin resets verification.
pub fn update_query(rows: &[UpdateRow], who: &Principal) -> Result<Query, DbError> {
    Ok(query(UPDATE)
        .param("rows", to_bolt(rows)?)
        .param("curator", who.role == Role::Admin))
}
