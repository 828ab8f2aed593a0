//! Flows between regions: the "Beijing R&D, Tianjin–Hebei manufacturing" indicator.

use std::collections::BTreeMap;

use neo4rs::query;
use serde::Serialize;
use utoipa::ToSchema;

use super::chain_map::region_name;
use crate::db::{Db, DbError};
use crate::domain::{Provenance, RegionCode, RelKind};
use crate::error::Error;

const FLOWS: &str = include_str!("../../cypher/queries/flows.cypher");

/// Counts of one kind of flow.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct FlowCounts {
    pub total: usize,
    /// By the chains of the receiving organisation (`none` when it is in no chain; a firm in
    /// two chains counts in both).
    pub by_chain: BTreeMap<String, usize>,
    /// By year (`unknown` when none is recorded).
    pub by_year: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"from_region": "110000", "from_name_zh": "北京市", "to_region": "130000",
    "to_name_zh": "河北省",
    "transfers_technology": {"total": 2, "by_chain": {"robotics": 1, "nev-icv": 1}, "by_year": {"2024": 1, "unknown": 1}},
    "supplies": {"total": 1, "by_chain": {"hydrogen": 1}, "by_year": {"2023": 1}},
    "invests_in": {"total": 0, "by_chain": {}, "by_year": {}},
    "relocated": {"total": 2, "by_chain": {"robotics": 1, "none": 1}, "by_year": {"2023": 1, "2024": 1}}}))]
pub struct Flows {
    pub from_region: String,
    pub from_name_zh: String,
    pub to_region: String,
    pub to_name_zh: String,
    pub transfers_technology: FlowCounts,
    pub supplies: FlowCounts,
    pub invests_in: FlowCounts,
    pub relocated: FlowCounts,
}

pub async fn flows(
    db: &Db,
    from: &RegionCode,
    to: &RegionCode,
    which: Provenance,
) -> Result<Flows, Error> {
    let from_name_zh = region_name(db, from, "from_region").await?;
    let to_name_zh = region_name(db, to, "to_region").await?;
    let (from, to) = (from.as_str(), to.as_str());
    let q = query(FLOWS)
        .param("from", from)
        .param("to", to)
        .param("verified", which.verified)
        .param("synthetic", which.synthetic);
    let mut counts: BTreeMap<&'static str, FlowCounts> = BTreeMap::new();
    for row in db.rows(q).await? {
        let kind = RelKind::from_rel_type(&row.get::<String>("type").map_err(DbError::from)?);
        let bucket = match kind {
            Some(RelKind::TransfersTechnology) => "transfers_technology",
            Some(RelKind::Supplies) => "supplies",
            Some(RelKind::InvestsIn) => "invests_in",
            _ => "relocated",
        };
        let year: Option<i64> = row.get("year").map_err(DbError::from)?;
        let chains: Vec<String> = row.get("chains").map_err(DbError::from)?;
        let n: i64 = row.get("n").map_err(DbError::from)?;
        let n = n.max(0) as usize;
        let c = counts.entry(bucket).or_default();
        c.total += n;
        *c.by_year
            .entry(year.map_or("unknown".into(), |y| y.to_string()))
            .or_insert(0) += n;
        if chains.is_empty() {
            *c.by_chain.entry("none".into()).or_insert(0) += n;
        }
        for chain in chains {
            *c.by_chain.entry(chain).or_insert(0) += n;
        }
    }
    let mut take = |k| counts.remove(k).unwrap_or_default();
    Ok(Flows {
        from_region: from.into(),
        from_name_zh,
        to_region: to.into(),
        to_name_zh,
        transfers_technology: take("transfers_technology"),
        supplies: take("supplies"),
        invests_in: take("invests_in"),
        relocated: take("relocated"),
    })
}
