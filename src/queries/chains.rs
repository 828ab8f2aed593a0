//! The six chains and their links, as reference data.

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::{Db, DbError};
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
    /// Its finer classes (a stack's membrane electrode assemblies), where the reporting puts
    /// the bottlenecks. Firms may operate in a sub-link; the link counts them (`level=link`).
    #[schema(example = json!([]))]
    pub sub_links: Vec<SubLink>,
}

/// A sub-link (细分环节): a finer class within a link, at its link's stage and place.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SubLink {
    #[schema(example = "hydrogen.stack-mea.mea")]
    pub id: String,
    #[schema(example = "膜电极组件")]
    pub name_zh: String,
    #[schema(example = "Membrane electrode assemblies")]
    pub name_en: String,
    /// Links or sub-links of the same chain it supplies (its own link included).
    #[schema(example = json!(["hydrogen.stack-mea"]))]
    pub feeds: Vec<String>,
    #[schema(example = json!([]))]
    pub feeds_other_chains: Vec<String>,
    #[schema(example = json!([]))]
    pub fed_by_other_chains: Vec<String>,
}

/// A link or a sub-link as the query returns them, sub-links right after their link.
#[derive(Deserialize)]
struct SegmentRow {
    id: String,
    name_zh: String,
    name_en: String,
    stage: Stage,
    position: i64,
    parent: Option<String>,
    feeds: Vec<String>,
    feeds_other_chains: Vec<String>,
    fed_by_other_chains: Vec<String>,
}

#[derive(Deserialize)]
struct ChainRow {
    id: ChainId,
    name_zh: String,
    name_en: String,
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
    let found: Vec<(ChainRow, Vec<SegmentRow>)> = db
        .each(query(GET).param("id", chain.as_str()), |r| {
            Ok((r.get("chain")?, r.get("segments")?))
        })
        .await?;
    let (head, segments) = found
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found("chain", chain.as_str()))?;
    let mut links: Vec<Link> = Vec::new();
    for s in segments {
        match (s.parent, links.last_mut()) {
            (Some(parent), Some(link)) if link.id == parent => link.sub_links.push(SubLink {
                id: s.id,
                name_zh: s.name_zh,
                name_en: s.name_en,
                feeds: s.feeds,
                feeds_other_chains: s.feeds_other_chains,
                fed_by_other_chains: s.fed_by_other_chains,
            }),
            (Some(parent), _) => {
                let why = format!("sub-link {} does not follow its link {parent}", s.id);
                return Err(DbError::Decode(why).into());
            }
            (None, _) => links.push(Link {
                id: s.id,
                name_zh: s.name_zh,
                name_en: s.name_en,
                stage: s.stage,
                position: s.position,
                feeds: s.feeds,
                feeds_other_chains: s.feeds_other_chains,
                fed_by_other_chains: s.fed_by_other_chains,
                sub_links: Vec::new(),
            }),
        }
    }
    Ok(ChainDetail {
        id: head.id,
        name_zh: head.name_zh,
        name_en: head.name_en,
        links,
    })
}
