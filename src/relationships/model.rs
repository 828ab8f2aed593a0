//! Relationships as the API shows them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::input::RelProps;
use crate::domain::{RelKind, TransferMode};

/// A relationship between two organisations (or, for `relocated_from`, from an organisation to
/// the region it left), with its provenance.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "rel-2b8c0e4d6f1a3c5e", "kind": "transfers_technology",
    "source_id": "rd-7d1e3f5a9c2b4e6d", "source_name_zh": "北京示例大学机器人学院",
    "target_id": "ent-4c1f0a9e2b7d5a31", "target_name_zh": "唐山星衡减速器有限公司",
    "technology": "cycloidal reducer design", "mode": "licence", "year": 2024,
    "source": "https://example.org/tech-transfer/2024-118", "recorded_by": "3f9a1c2b7d4e",
    "recorded_at": "2026-11-27T10:10:00Z", "verified": false, "owner": "tj-robot-alliance",
    "synthetic": false
}))]
pub struct Relationship {
    pub id: String,
    pub kind: RelKind,
    pub source_id: String,
    pub source_name_zh: Option<String>,
    /// An organisation id, or a region code for `relocated_from`.
    pub target_id: String,
    pub target_name_zh: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub technology: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<TransferMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<i64>,
    /// Where the fact comes from (URL or document).
    pub source: Option<String>,
    /// Other sources of the same fact, kept when a duplicate record's relationship was merged
    /// into this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_sources: Vec<String>,
    /// What it is inferred from, when its source does not state it outright (curated data);
    /// an inferred relationship is never verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inferred: Option<String>,
    /// The API key (or `seed`) that recorded it.
    pub recorded_by: Option<String>,
    pub recorded_at: Option<String>,
    pub verified: bool,
    /// The member organisation that owns it (`admin` for curated data).
    pub owner: String,
    pub synthetic: bool,
}

/// The stored properties, as `r {.*}` returns them.
#[derive(Debug, Deserialize)]
pub struct StoredProps {
    pub id: String,
    #[serde(flatten)]
    pub props: RelProps,
    pub source: Option<String>,
    #[serde(default)]
    pub also_sources: Vec<String>,
    pub inferred: Option<String>,
    pub recorded_by: Option<String>,
    pub recorded_at: Option<String>,
    pub verified: Option<bool>,
    pub owner: Option<String>,
    pub synthetic: Option<bool>,
}

/// One page of relationships.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationshipPage {
    pub items: Vec<Relationship>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}
