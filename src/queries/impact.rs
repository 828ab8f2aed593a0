//! If this firm stopped, who downstream would be hit, and who has no alternative supplier?

use std::collections::{BTreeMap, BTreeSet, HashMap};

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::paths::HopBound;
use crate::db::{Db, DbError};
use crate::domain::{ChainId, OrgId, OrgKind};
use crate::error::Error;
use crate::organisations::store;

const FRONTIER: &str = include_str!("../../cypher/queries/impact_frontier.cypher");
const DETAILS: &str = include_str!("../../cypher/queries/impact_details.cypher");

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FirmRef {
    pub id: String,
    pub name_zh: String,
    pub region_code: Option<String>,
    pub kind: Option<OrgKind>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"firm": {"id": "demo-robotics-72", "name_zh": "【演示】唐山中瑞机器人本体有限公司",
    "region_code": "130200", "kind": "enterprise"}, "depth": 1, "province": "130000",
    "chains": ["robotics"], "lost_products": ["reducers"], "without_alternative": ["reducers"]}))]
pub struct AffectedFirm {
    pub firm: FirmRef,
    /// Supply hops from the stopped firm (1 = a direct customer).
    pub depth: i64,
    pub province: Option<String>,
    pub chains: Vec<ChainId>,
    /// Products it buys from the stopped firm or from other affected firms.
    pub lost_products: Vec<String>,
    /// Of those, the products no unaffected supplier also delivers to it.
    pub without_alternative: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"enterprise": "demo-robotics-59", "depth": 3, "affected": [{
    "firm": {"id": "demo-robotics-72", "name_zh": "【演示】唐山中瑞机器人本体有限公司",
             "region_code": "130200", "kind": "enterprise"},
    "depth": 1, "province": "130000", "chains": ["robotics"], "lost_products": ["reducers"],
    "without_alternative": ["reducers"]}],
    "by_region": {"130000": 1}, "by_chain": {"robotics": 1}, "without_alternative": 1, "truncated": false}))]
pub struct Impact {
    pub enterprise: String,
    pub depth: u8,
    pub affected: Vec<AffectedFirm>,
    /// Affected firms by province (110000, 120000, 130000; `other` outside the region).
    pub by_region: BTreeMap<String, usize>,
    /// Affected firms by chain they operate in (`none` for firms in no chain).
    pub by_chain: BTreeMap<String, usize>,
    /// Affected firms left without an alternative for at least one product.
    pub without_alternative: usize,
    /// True when the list was cut at the configured maximum.
    pub truncated: bool,
}

/// Breadth-first downstream along SUPPLIES: each organisation visited once, at its shortest
/// distance, level by level up to `depth`, stopping once more than `max` are reached. Returns
/// them in visiting order with their depth, and whether the budget cut the search.
async fn reach(
    db: &Db,
    start: &OrgId,
    depth: HopBound,
    max: usize,
) -> Result<(Vec<(String, i64)>, bool), DbError> {
    let mut visited: Vec<String> = vec![start.to_string()];
    let mut frontier = vec![start.to_string()];
    let mut reached = Vec::new();
    for level in 1..=i64::from(depth.get()) {
        if frontier.is_empty() {
            break;
        }
        // One more than the budget leaves, to tell a full answer from a cut one.
        let room = (max + 1 - reached.len()) as i64;
        let q = query(FRONTIER)
            .param("ids", frontier)
            .param("visited", visited.clone())
            .param("room", room);
        frontier = db.column(q, "id").await?;
        visited.extend(frontier.iter().cloned());
        reached.extend(frontier.iter().map(|id| (id.clone(), level)));
        if reached.len() > max {
            reached.truncate(max);
            return Ok((reached, true));
        }
    }
    Ok((reached, false))
}

fn clean(products: impl IntoIterator<Item = String>) -> Vec<String> {
    let set: BTreeSet<String> = products
        .into_iter()
        .map(|p| {
            if p.is_empty() {
                "(unspecified)".into()
            } else {
                p
            }
        })
        .collect();
    set.into_iter().collect()
}

/// What each affected organisation loses: the products it buys from the stopped firm or from
/// other affected ones, and of those the ones no unaffected supplier also delivers to it.
async fn affected(
    db: &Db,
    start: &OrgId,
    reached: &[(String, i64)],
) -> Result<Vec<AffectedFirm>, DbError> {
    let depth: HashMap<&str, i64> = reached.iter().map(|(id, d)| (id.as_str(), *d)).collect();
    let ids: Vec<&str> = reached.iter().map(|(id, _)| id.as_str()).collect();
    let hit: Vec<&str> = ids.iter().copied().chain([start.as_str()]).collect();
    let q = query(DETAILS).param("ids", ids).param("hit", hit);
    let rows = db.rows(q).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let firm: FirmRef = row.get("firm")?;
        out.push(AffectedFirm {
            depth: depth.get(firm.id.as_str()).copied().unwrap_or(0),
            province: row.get("province")?,
            chains: row.get("chains")?,
            lost_products: clean(row.get::<Vec<String>>("lost")?),
            without_alternative: clean(row.get::<Vec<String>>("without_alternative")?),
            firm,
        });
    }
    out.sort_by(|a, b| (a.depth, &a.firm.id).cmp(&(b.depth, &b.firm.id)));
    Ok(out)
}

pub async fn impact(
    db: &Db,
    id: &OrgId,
    depth: HopBound,
    max_affected: usize,
) -> Result<Impact, Error> {
    store::get(db, OrgKind::Enterprise, id).await?;
    let (reached, truncated) = reach(db, id, depth, max_affected).await?;
    let affected = affected(db, id, &reached).await?;
    let mut by_region = BTreeMap::new();
    let mut by_chain = BTreeMap::new();
    for a in &affected {
        *by_region
            .entry(a.province.clone().unwrap_or_else(|| "other".into()))
            .or_insert(0) += 1;
        if a.chains.is_empty() {
            *by_chain.entry("none".to_owned()).or_insert(0) += 1;
        }
        for c in &a.chains {
            *by_chain.entry(c.as_str().to_owned()).or_insert(0) += 1;
        }
    }
    let without_alternative = affected
        .iter()
        .filter(|a| !a.without_alternative.is_empty())
        .count();
    Ok(Impact {
        enterprise: id.to_string(),
        depth: depth.get(),
        affected,
        by_region,
        by_chain,
        without_alternative,
        truncated,
    })
}
