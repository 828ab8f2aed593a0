//! The kinds of record the write API keeps a history for.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::OrgKind;

/// Which records a query counts, by where they come from: verified by a curator or not, synthetic
/// (demo and benchmark data) or real. `None` is either.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Provenance {
    pub verified: Option<bool>,
    pub synthetic: Option<bool>,
}

/// A record that can be created, changed, verified and deleted, each change kept in its history.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RecordKind {
    Enterprise,
    RdSource,
    Relationship,
}

impl RecordKind {
    /// The organisation kind of an enterprise or R&D source record; none for a relationship.
    pub fn organisation(self) -> Option<OrgKind> {
        match self {
            RecordKind::Enterprise => Some(OrgKind::Enterprise),
            RecordKind::RdSource => Some(OrgKind::RdSource),
            RecordKind::Relationship => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl From<OrgKind> for RecordKind {
    fn from(kind: OrgKind) -> Self {
        match kind {
            OrgKind::Enterprise => RecordKind::Enterprise,
            OrgKind::RdSource => RecordKind::RdSource,
        }
    }
}
