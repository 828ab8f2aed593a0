use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::{ChainId, Stage};

/// One of the six chains, with how many links it has.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"id": "hydrogen", "name_zh": "氢能", "name_en": "Hydrogen energy", "link_count": 7}))]
pub struct ChainSummary {
    pub id: ChainId,
    pub name_zh: String,
    pub name_en: String,
    pub link_count: i64,
}

/// A link (环节) of a chain.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Link {
    #[schema(example = "hydrogen.storage-transport")]
    pub id: String,
    #[schema(example = "储运")]
    pub name_zh: String,
    #[schema(example = "Storage & transport")]
    pub name_en: String,
    pub stage: Stage,
    /// 0 for the most upstream link; links are returned in this order.
    pub position: i64,
    /// Links of the same chain that this one supplies.
    #[schema(example = json!(["hydrogen.refuelling"]))]
    pub feeds: Vec<String>,
}

/// A chain with its links in upstream-to-downstream order.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ChainDetail {
    pub id: ChainId,
    pub name_zh: String,
    pub name_en: String,
    pub links: Vec<Link>,
}
