//! The three lists (三张清单) of a chain for a target region: bottlenecks (卡点), investment
//! leads (堵点招商) and key enterprises (重点企业).

use serde::Serialize;
use utoipa::ToSchema;

mod bottlenecks;
mod centrality;
mod key_enterprises;
mod leads;

pub use bottlenecks::{Bottleneck, Dependency, DependentFirm, Origin, Supplier};
pub use key_enterprises::{Holder, KeyEnterprises, LinkHolders};
pub use leads::{Candidate, InvestmentLead, LeadForm};

use super::chain_map::{link_firms, region_name, standings};
use crate::db::Db;
use crate::domain::{ChainId, LinkLevel, Provenance, RegionCode};
use crate::error::Error;
use crate::settings::QuerySettings;

/// Which records the lists count: only real or only synthetic ones (`synthetic`, null = either),
/// and with `as_of` only what held that year: relationships known to hold then (their year or
/// `valid_from` at most it, `valid_to` if any at least it, as the flows count them) and
/// memberships not begun after it nor ended before it (one without years counts). `level` is
/// what a list's links are: the chain's links, or down to their sub-links.
#[derive(Debug, Clone, Copy, Default)]
pub struct Which {
    pub synthetic: Option<bool>,
    pub as_of: Option<i64>,
    pub level: LinkLevel,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChainLists {
    pub chain: ChainId,
    pub target: String,
    pub target_name_zh: String,
    pub bottlenecks: Vec<Bottleneck>,
    pub investment_leads: Vec<InvestmentLead>,
    pub key_enterprises: KeyEnterprises,
}

pub async fn lists(
    db: &Db,
    chain: ChainId,
    target: &RegionCode,
    thresholds: &QuerySettings,
    top: usize,
    which: Which,
) -> Result<ChainLists, Error> {
    let target_name_zh = region_name(db, target, "region").await?;
    let target = target.as_str();
    let firms = Provenance {
        verified: None,
        synthetic: which.synthetic,
    };
    let links = link_firms(db, chain, target, firms, which.as_of, which.level).await?;
    let bottlenecks = bottlenecks::bottlenecks(db, chain, target, &links, top, which).await?;

    // Candidates are ranked only in the links missing or weak in the target region.
    let standings = standings(&links, thresholds);
    let investment_leads =
        leads::investment_leads(db, &links, &standings, target, &target_name_zh, top, which)
            .await?;

    let key_enterprises = key_enterprises::key_enterprises(db, chain, &links, top, which).await?;
    Ok(ChainLists {
        chain,
        target: target.to_owned(),
        target_name_zh,
        bottlenecks,
        investment_leads,
        key_enterprises,
    })
}
