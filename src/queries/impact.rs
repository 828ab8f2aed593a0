//! If this firm stopped, who downstream would be hit, and who has no alternative supplier?

use std::collections::BTreeMap;

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::paths::HopBound;
use crate::db::{Db, DbError};
use crate::domain::{ChainId, OrgId, OrgKind};
use crate::error::Error;
use crate::organisations::store;

const IMPACT: &str = include_str!("../../cypher/queries/impact.cypher");

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

pub async fn impact(
    db: &Db,
    id: &OrgId,
    depth: HopBound,
    max_affected: usize,
) -> Result<Impact, Error> {
    store::get(db, OrgKind::Enterprise, id).await?;
    let text = IMPACT.replace("__DEPTH__", depth.literal());
    let q = query(&text)
        .param("id", id.as_str())
        .param("limit", (max_affected + 1) as i64);
    let mut affected = db
        .rows(q)
        .await?
        .iter()
        .map(|r| {
            let clean = |v: Vec<String>| {
                v.into_iter()
                    .map(|p| {
                        if p.is_empty() {
                            "(unspecified)".into()
                        } else {
                            p
                        }
                    })
                    .collect()
            };
            Ok(AffectedFirm {
                firm: r.get("firm")?,
                depth: r.get("depth")?,
                province: r.get("province")?,
                chains: r.get("chains")?,
                lost_products: clean(r.get("lost")?),
                without_alternative: clean(r.get("without_alternative")?),
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    let truncated = affected.len() > max_affected;
    affected.truncate(max_affected);
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
