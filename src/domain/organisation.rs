//! Organisations: enterprises and R&D sources, and the vocabularies that describe them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The two kinds of organisation; each is a Neo4j label next to `Organisation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Enterprise,
    RdSource,
}

impl OrgKind {
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Enterprise => "Enterprise",
            OrgKind::RdSource => "RdSource",
        }
    }
}

/// What kind of R&D source an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RdKind {
    University,
    Institute,
    NationalKeyLab,
    KeyLab,
    InnovationCentre,
    EnterpriseRdCentre,
}

/// Enterprise size class (大/中/小/微).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    Large,
    Medium,
    Small,
    Micro,
}

/// Recognitions an enterprise can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tag {
    /// 链主: the chain leader firm.
    ChainLeader,
    /// 专精特新"小巨人".
    LittleGiant,
    /// 高新技术企业.
    HighTech,
}

/// The part an enterprise plays in a chain link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SegmentRole {
    Leader,
    Core,
    Supporting,
}
