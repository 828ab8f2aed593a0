//! The three lists (三张清单) of a chain for a target region: bottlenecks (卡点), investment
//! leads (堵点招商) and key enterprises (重点企业).

use std::collections::HashMap;

use neo4rs::query;
use serde::Serialize;
use utoipa::ToSchema;

mod bottlenecks;

pub use bottlenecks::{Bottleneck, Dependency, DependentFirm, Origin, Supplier};

use super::chain_map::{link_firms, region_name, standings, Leader, LinkFirm, LinkFirms, Strength};
use crate::db::{Db, DbError};
use crate::domain::{ChainId, Provenance, RegionCode, RelKind};
use crate::error::Error;
use crate::settings::QuerySettings;

const CUSTOMERS: &str = include_str!("../../../cypher/queries/customers_in_target.cypher");
const IN_CHAIN: &str = include_str!("../../../cypher/queries/in_chain_relationships.cypher");

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"rank": 1, "id": "demo-robotics-59", "name_zh": "【演示】西青金桥减速器有限公司",
    "region_code": "120111", "customers_in_target": 1, "verified": true, "scale": "micro",
    "reason": "supplies 1 河北省 enterprise(s); verified; scale micro"}))]
pub struct Candidate {
    pub rank: usize,
    pub id: String,
    pub name_zh: String,
    pub region_code: Option<String>,
    /// Distinct target-region enterprises it already supplies.
    pub customers_in_target: i64,
    pub verified: bool,
    pub scale: Option<String>,
    /// Why it ranks where it does.
    pub reason: String,
}

/// A link missing or weak in the target region, with firms elsewhere in the region to attract.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvestmentLead {
    pub link: String,
    pub link_name_zh: String,
    pub strength: Strength,
    pub target_count: usize,
    /// How many firms elsewhere in the region operate in the link.
    pub candidate_count: usize,
    /// The best `top` of them.
    pub candidates: Vec<Candidate>,
}

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

fn scale_rank(scale: Option<&str>) -> u8 {
    match scale {
        Some("large") => 0,
        Some("medium") => 1,
        Some("small") => 2,
        Some("micro") => 3,
        _ => 4,
    }
}

async fn customers(
    db: &Db,
    ids: Vec<String>,
    target: &str,
    synthetic: Option<bool>,
) -> Result<HashMap<String, i64>, DbError> {
    let q = query(CUSTOMERS)
        .param("ids", ids)
        .param("target", target)
        .param("synthetic", synthetic);
    let rows = db.rows(q).await?;
    rows.iter()
        .map(|r| Ok((r.get("id")?, r.get("customers")?)))
        .collect()
}

fn rank_candidates(
    firms: &[LinkFirm],
    customers: &HashMap<String, i64>,
    target_name: &str,
) -> Vec<Candidate> {
    let mut outside: Vec<&LinkFirm> = firms
        .iter()
        .filter(|f| !f.in_target && f.province.is_some())
        .collect();
    let served = |f: &LinkFirm| customers.get(&f.id).copied().unwrap_or(0);
    outside.sort_by_key(|f| {
        (
            -served(f),
            !f.verified,
            scale_rank(f.scale.as_deref()),
            f.id.clone(),
        )
    });
    outside
        .into_iter()
        .enumerate()
        .map(|(i, f)| Candidate {
            rank: i + 1,
            id: f.id.clone(),
            name_zh: f.name_zh.clone(),
            region_code: f.region_code.clone(),
            customers_in_target: served(f),
            verified: f.verified,
            scale: f.scale.clone(),
            reason: format!(
                "supplies {} {target_name} enterprise(s); {}; scale {}",
                served(f),
                if f.verified { "verified" } else { "unverified" },
                f.scale.as_deref().unwrap_or("unknown")
            ),
        })
        .collect()
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
    let leading: Vec<(&LinkFirms, usize, Strength)> = links
        .iter()
        .zip(standings(&links, thresholds))
        .map(|(l, s)| (l, s.target_count, s.strength))
        .filter(|(_, _, strength)| matches!(strength, Strength::Missing | Strength::Weak))
        .collect();
    let outside_ids: Vec<String> = leading
        .iter()
        .flat_map(|(l, _, _)| &l.firms)
        .filter(|f| !f.in_target)
        .map(|f| f.id.clone())
        .collect();
    let served = customers(db, outside_ids, target, synthetic).await?;
    let mut investment_leads = Vec::new();
    for (l, target_count, strength) in leading {
        let mut candidates = rank_candidates(&l.firms, &served, &target_name_zh);
        let candidate_count = candidates.len();
        candidates.truncate(top);
        investment_leads.push(InvestmentLead {
            link: l.link.id.clone(),
            link_name_zh: l.link.name_zh.clone(),
            strength,
            target_count,
            candidate_count,
            candidates,
        });
    }

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
