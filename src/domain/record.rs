//! The kinds of record the write API keeps a history for.

use super::OrgKind;

/// Which records a query counts, by where they come from: verified by a curator or not, synthetic
/// (demo and benchmark data) or real. `None` is either.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Provenance {
    pub verified: Option<bool>,
    pub synthetic: Option<bool>,
}

crate::domain::coded_enum! {
    /// A record that can be created, changed, verified and deleted, each change kept in its history.
    pub enum RecordKind: "snake_case" {
        Enterprise,
        RdSource,
        Relationship,
    }
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
}

impl From<OrgKind> for RecordKind {
    fn from(kind: OrgKind) -> Self {
        match kind {
            OrgKind::Enterprise => RecordKind::Enterprise,
            OrgKind::RdSource => RecordKind::RdSource,
        }
    }
}
