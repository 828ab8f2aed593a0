//! What the API returns for an organisation.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::{ChainId, OrgKind, RdKind, Scale, SegmentRole, Tag};

/// A chain link an enterprise operates in.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Membership {
    #[schema(example = "robotics.reducers")]
    pub segment: String,
    #[schema(example = "robotics")]
    pub chain: ChainId,
    pub role: SegmentRole,
    #[schema(example = json!(["RV reducers"]))]
    pub products: Vec<String>,
    /// The year it began operating in the link, when known (a map `as_of` an earlier year
    /// leaves it out); unknown counts as always.
    #[serde(default)]
    #[schema(example = 2019)]
    pub since: Option<i64>,
    /// The year it stopped, if it has.
    #[serde(default)]
    pub until: Option<i64>,
}

/// A membership's terms as declared: its role, products and years.
#[derive(Debug, Clone)]
pub struct MembershipTerms {
    pub role: SegmentRole,
    pub products: Vec<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
}

/// What an R&D source can do in a chain link, and how far along it is.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Capability {
    #[schema(example = "hydrogen.stack-mea")]
    pub segment: String,
    #[schema(example = "hydrogen")]
    pub chain: ChainId,
    #[schema(example = "low-platinum membrane electrode assemblies")]
    pub technology: String,
    /// Technology readiness level, 1 (principle observed) to 9 (proven in operation).
    #[schema(example = 6, minimum = 1, maximum = 9)]
    pub readiness: i64,
    /// What shows it: patents, a pilot, a publication.
    pub evidence: Option<String>,
    /// The report or document that states it.
    pub source: String,
}

/// An enterprise or R&D source as stored, with its verification state.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "id": "ent-4c1f0a9e2b7d5a31", "kind": "enterprise", "uscc": "91130200MA0000001X",
    "name_zh": "唐山星衡减速器有限公司", "name_en": "Tangshan Xingheng Reducer Co., Ltd.",
    "region_code": "130200", "scale": "medium", "tags": ["little_giant"], "rd_kind": null,
    "description": "RV reducers for industrial robots", "park": null,
    "source": "https://example.org/alliance-register/2026", "verified": false,
    "owner": "tj-robot-alliance", "synthetic": false,
    "created_at": "2026-11-27T10:00:00Z", "updated_at": "2026-11-27T10:00:00Z",
    "segments": [{"segment": "robotics.reducers", "chain": "robotics", "role": "core",
                  "products": ["RV reducers"]}], "version": 1
}))]
pub struct Organisation {
    pub id: String,
    pub kind: OrgKind,
    /// Unified Social Credit Code (enterprises).
    pub uscc: Option<String>,
    pub name_zh: String,
    pub name_en: Option<String>,
    /// The registered name (the holder of its USCC) where known; `name_zh` is what people call
    /// it.
    #[serde(default)]
    pub legal_name: Option<String>,
    /// GB/T 2260 code of the region it is located in.
    pub region_code: String,
    pub scale: Option<Scale>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// Kind of R&D source (R&D sources).
    pub rd_kind: Option<RdKind>,
    pub description: Option<String>,
    /// Park it is located in, if any.
    pub park: Option<String>,
    /// Where the information comes from.
    pub source: Option<String>,
    /// What the record is inferred from, when its source does not state it outright (curated
    /// data); an inferred record is never verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred: Option<String>,
    /// False until an admin has checked a member's submission.
    pub verified: bool,
    /// The member organisation that owns the record (`admin` for curated data).
    pub owner: Option<String>,
    /// True for invented demo data.
    #[serde(default)]
    pub synthetic: bool,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    #[serde(default)]
    pub segments: Vec<Membership>,
    /// What an R&D source can do, link by link (empty for enterprises).
    #[serde(default)]
    pub capabilities: Vec<Capability>,
    /// Grows with every change; the `ETag` of the record. Send it back in `If-Match` to make an
    /// edit or deletion fail (412) if someone changed the record meanwhile.
    #[serde(default)]
    pub version: i64,
}

impl Organisation {
    /// The chains it operates in.
    pub fn chains(&self) -> impl Iterator<Item = ChainId> + '_ {
        self.segments.iter().map(|m| m.chain)
    }
}

/// Another record in the same region whose name is nearly the same.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PossibleDuplicate {
    pub id: String,
    pub name_zh: String,
    pub uscc: Option<String>,
}

/// The answer to a registration: the record, plus near-duplicates for the member to check.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Registered {
    #[serde(flatten)]
    pub organisation: Organisation,
    pub possible_duplicates: Vec<PossibleDuplicate>,
}

/// One page of a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationPage {
    pub items: Vec<Organisation>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}
