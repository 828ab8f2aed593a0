//! The three lists (三张清单) of a chain for a target region: bottlenecks (卡点), investment
//! leads (堵点招商) and key enterprises (重点企业).

use std::collections::HashMap;

use neo4rs::query;
use serde::Serialize;
use utoipa::ToSchema;

mod bottlenecks;
mod leads;

pub use bottlenecks::{Bottleneck, Dependency, DependentFirm, Origin, Supplier};
pub use leads::{Candidate, InvestmentLead, LeadForm};

use super::chain_map::{link_firms, region_name, standings, Leader};
use crate::db::{Db, DbError};
use crate::domain::{ChainId, Provenance, RegionCode, RelKind};
use crate::error::Error;
use crate::settings::QuerySettings;

const IN_CHAIN: &str = include_str!("../../../cypher/queries/in_chain_relationships.cypher");

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Holder {
    pub id: String,
    pub name_zh: String,
    pub region_code: Option<String>,
    /// Relationships it has with other organisations of the chain.
    pub in_chain_relationships: usize,
    /// Its share of all in-chain relationships (0–1).
    pub share: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkHolders {
    pub link: String,
    pub link_name_zh: String,
    /// How many target-region enterprises operate in the link.
    pub holder_count: usize,
    /// The `top` most connected of them.
    pub holders: Vec<Holder>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KeyEnterprises {
    /// Chain leaders (链主) anywhere in Beijing–Tianjin–Hebei.
    pub chain_leaders: Vec<Leader>,
    pub links: Vec<LinkHolders>,
    /// In-chain relationships the shares are computed over.
    pub in_chain_relationships: usize,
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

/// Each chain organisation's in-chain relationships, and how many there are in all.
async fn shares(
    db: &Db,
    chain: ChainId,
    synthetic: Option<bool>,
) -> Result<(HashMap<String, usize>, usize), DbError> {
    let types: Vec<String> = RelKind::BETWEEN_ORGANISATIONS
        .iter()
        .map(|k| k.rel_type().to_owned())
        .collect();
    let rows = db
        .rows(
            query(IN_CHAIN)
                .param("chain", chain.as_str())
                .param("types", types)
                .param("synthetic", synthetic),
        )
        .await?;
    let mut per_firm = HashMap::with_capacity(rows.len());
    let mut ends = 0;
    for r in &rows {
        let n = r.get::<i64>("n")?.max(0) as usize;
        per_firm.insert(r.get::<String>("id")?, n);
        ends += n;
    }
    // Every relationship was counted at both its ends.
    Ok((per_firm, ends / 2))
}

pub async fn lists(
    db: &Db,
    chain: ChainId,
    target: &RegionCode,
    thresholds: &QuerySettings,
    top: usize,
    synthetic: Option<bool>,
) -> Result<ChainLists, Error> {
    let target_name_zh = region_name(db, target, "region").await?;
    let target = target.as_str();
    let which = Provenance {
        verified: None,
        synthetic,
    };
    let links = link_firms(db, chain, target, which).await?;
    let bottlenecks = bottlenecks::bottlenecks(db, chain, target, &links, top, synthetic).await?;

    // Candidates are ranked only in the links missing or weak in the target region.
    let standings = standings(&links, thresholds);
    let investment_leads = leads::investment_leads(
        db,
        &links,
        &standings,
        target,
        &target_name_zh,
        top,
        synthetic,
    )
    .await?;

    let (per_firm, total) = shares(db, chain, synthetic).await?;
    let mut chain_leaders: Vec<Leader> = Vec::new();
    let mut holders = Vec::new();
    for l in &links {
        for f in l.firms.iter().filter(|f| f.is_leader()) {
            if !chain_leaders.iter().any(|c| c.id == f.id) {
                chain_leaders.push(Leader {
                    id: f.id.clone(),
                    name_zh: f.name_zh.clone(),
                    region_code: f.region_code.clone(),
                });
            }
        }
        let mut in_link: Vec<Holder> = l
            .firms
            .iter()
            .filter(|f| f.in_target)
            .map(|f| {
                let n = per_firm.get(&f.id).copied().unwrap_or(0);
                Holder {
                    id: f.id.clone(),
                    name_zh: f.name_zh.clone(),
                    region_code: f.region_code.clone(),
                    in_chain_relationships: n,
                    share: if total == 0 {
                        0.0
                    } else {
                        n as f64 / total as f64
                    },
                }
            })
            .collect();
        in_link.sort_by(|a, b| {
            b.in_chain_relationships
                .cmp(&a.in_chain_relationships)
                .then(a.id.cmp(&b.id))
        });
        let holder_count = in_link.len();
        in_link.truncate(top);
        holders.push(LinkHolders {
            link: l.link.id.clone(),
            link_name_zh: l.link.name_zh.clone(),
            holder_count,
            holders: in_link,
        });
    }
    Ok(ChainLists {
        chain,
        target: target.to_owned(),
        target_name_zh,
        bottlenecks,
        investment_leads,
        key_enterprises: KeyEnterprises {
            chain_leaders,
            links: holders,
            in_chain_relationships: total,
        },
    })
}
