//! The six chains and their links, as reference data.

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::Db;
use crate::domain::{ChainId, Stage};
use crate::error::Error;

const LIST: &str = include_str!("../../cypher/chains/list.cypher");
const GET: &str = include_str!("../../cypher/chains/get.cypher");

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
    /// Links of other chains that this one supplies (fuel-cell systems → vehicles); the
    /// bottlenecks and lab-to-plant matching follow them as they follow `feeds`.
    #[schema(example = json!(["nev-icv.vehicle-assembly"]))]
    pub feeds_other_chains: Vec<String>,
    /// Links of other chains that supply this one.
    #[schema(example = json!([]))]
    pub fed_by_other_chains: Vec<String>,
}

/// A chain with its links in upstream-to-downstream order.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ChainDetail {
    pub id: ChainId,
    pub name_zh: String,
    pub name_en: String,
    pub links: Vec<Link>,
}

/// The chain a path segment names, or not found.
pub fn parse(id: &str) -> Result<ChainId, Error> {
    ChainId::parse(id).ok_or_else(|| Error::not_found("chain", id))
}

pub async fn list(db: &Db) -> Result<Vec<ChainSummary>, Error> {
    Ok(db.column(query(LIST), "chain").await?)
}

pub async fn get(db: &Db, chain: ChainId) -> Result<ChainDetail, Error> {
    let found: Vec<ChainDetail> = db
        .column(query(GET).param("id", chain.as_str()), "chain")
        .await?;
    found
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found("chain", chain.as_str()))
}
