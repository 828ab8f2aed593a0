//! Relocations (疏解): organisations that moved out of Beijing, where to, when, by chain.

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::chain_map::region_name;
use crate::db::Db;
use crate::domain::{ChainId, OrgKind, RegionCode};
use crate::error::Error;

const RELOCATIONS: &str = include_str!("../../cypher/queries/relocations.cypher");

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RelocatedOrganisation {
    pub id: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub kind: Option<OrgKind>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"id": "reloc-01", "organisation": {"id": "mech-mind",
    "name_zh": "梅卡曼德", "name_en": "Mech-Mind Robotics", "kind": "enterprise"}, "year": 2024,
    "scope": "headquarters", "from_region": "110000", "from_name_zh": "北京市",
    "to_region": "133100", "to_name_zh": "雄安新区", "chains": ["robotics"],
    "source": "Economic Daily 2025-07-14 (as compiled in ChainAtlas domain notes)",
    "verified": true, "synthetic": false}))]
pub struct Relocation {
    /// Id of the relocation relationship.
    pub id: String,
    pub organisation: RelocatedOrganisation,
    pub year: Option<i64>,
    /// What moved (headquarters, production…).
    pub scope: Option<String>,
    pub from_region: String,
    pub from_name_zh: String,
    pub to_region: Option<String>,
    pub to_name_zh: Option<String>,
    pub chains: Vec<ChainId>,
    pub source: Option<String>,
    pub verified: bool,
    pub synthetic: bool,
}

pub async fn relocations(
    db: &Db,
    from: &RegionCode,
    to: Option<&RegionCode>,
    chain: Option<ChainId>,
    synthetic: Option<bool>,
    limit: usize,
) -> Result<Vec<Relocation>, Error> {
    region_name(db, from, "from").await?;
    if let Some(to) = to {
        region_name(db, to, "to").await?;
    }
    let q = query(RELOCATIONS)
        .param("from", from.as_str())
        .param("to", to.map(RegionCode::as_str))
        .param("chain", chain.map(ChainId::as_str))
        .param("synthetic", synthetic)
        .param("limit", limit as i64);
    Ok(db.column(q, "relocation").await?)
}
