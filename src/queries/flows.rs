//! Flows between regions: the "Beijing R&D, Tianjin–Hebei manufacturing" indicator.

use std::collections::BTreeMap;

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::chain_map::region_name;
use crate::db::{Db, DbError};
use crate::domain::{Provenance, RegionCode, RelKind};
use crate::error::Error;

const FLOWS: &str = include_str!("../../cypher/queries/flows.cypher");

/// Counts of one kind of flow.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct FlowCounts {
    pub total: usize,
    /// By the chains of the receiving organisation (`none` when it is in no chain; a firm in
    /// two chains counts in both).
    pub by_chain: BTreeMap<String, usize>,
    /// By year (`unknown` when none is recorded).
    pub by_year: BTreeMap<String, usize>,
    /// By the receiving organisation's city (Hebei's prefecture cities and Xiong'an; Beijing
    /// and Tianjin as a whole).
    pub by_city: BTreeMap<String, usize>,
    /// Chain × year × city, the finest breakdown; most first.
    pub breakdown: Vec<FlowCell>,
}

/// One cell of the chain × year × city breakdown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FlowCell {
    pub chain: String,
    pub year: String,
    pub city: String,
    pub n: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"data_version": "3f2a9c1e-17", "computed_at": "2026-12-04T08:00:00.000Z",
    "from_region": "110000", "from_name_zh": "北京市", "to_region": "130000",
    "to_name_zh": "河北省",
    "as_of": null,
    "transfers_technology": {"total": 1, "by_chain": {"robotics": 1}, "by_year": {"2024": 1},
        "by_city": {"130200": 1}, "breakdown": [{"chain": "robotics", "year": "2024", "city": "130200", "n": 1}]},
    "supplies": {"total": 0, "by_chain": {}, "by_year": {}, "by_city": {}, "breakdown": []},
    "invests_in": {"total": 0, "by_chain": {}, "by_year": {}, "by_city": {}, "breakdown": []},
    "branches": {"total": 1, "by_chain": {"nev-icv": 1}, "by_year": {"2023": 1},
        "by_city": {"130700": 1}, "breakdown": [{"chain": "nev-icv", "year": "2023", "city": "130700", "n": 1}]},
    "relocated": {"total": 1, "by_chain": {"none": 1}, "by_year": {"2024": 1},
        "by_city": {"133100": 1}, "breakdown": [{"chain": "none", "year": "2024", "city": "133100", "n": 1}]}}))]
pub struct Flows {
    /// The version of the data the flows reflect: it changes whenever a write could change
    /// them (also the `ETag`).
    pub data_version: String,
    /// When they were computed (RFC 3339; the `Age` header counts from it).
    pub computed_at: String,
    pub from_region: String,
    pub from_name_zh: String,
    pub to_region: String,
    pub to_name_zh: String,
    /// The year asked about (`as_of`): only relationships known to hold then are counted.
    pub as_of: Option<i64>,
    pub transfers_technology: FlowCounts,
    pub supplies: FlowCounts,
    pub invests_in: FlowCounts,
    /// Branches in the destination of parents in the origin.
    pub branches: FlowCounts,
    pub relocated: FlowCounts,
}

pub async fn flows(
    db: &Db,
    from: &RegionCode,
    to: &RegionCode,
    which: Provenance,
    as_of: Option<i64>,
) -> Result<Flows, Error> {
    let from_name_zh = region_name(db, from, "from_region").await?;
    let to_name_zh = region_name(db, to, "to_region").await?;
    let (from, to) = (from.as_str(), to.as_str());
    let q = query(FLOWS)
        .param("from", from)
        .param("to", to)
        .param("verified", which.verified)
        .param("synthetic", which.synthetic)
        .param("as_of", as_of);
    let mut counts: BTreeMap<&'static str, FlowCounts> = BTreeMap::new();
    let mut cells: BTreeMap<(&'static str, String, String, String), usize> = BTreeMap::new();
    for row in db.rows(q).await? {
        let kind = RelKind::from_rel_type(&row.get::<String>("type").map_err(DbError::from)?);
        let bucket = match kind {
            Some(RelKind::TransfersTechnology) => "transfers_technology",
            Some(RelKind::Supplies) => "supplies",
            Some(RelKind::InvestsIn) => "invests_in",
            Some(RelKind::BranchOf) => "branches",
            _ => "relocated",
        };
        let year: Option<i64> = row.get("year").map_err(DbError::from)?;
        let chains: Vec<String> = row.get("chains").map_err(DbError::from)?;
        let city: Option<String> = row.get("city").map_err(DbError::from)?;
        let city = city.unwrap_or_else(|| "other".into());
        let n: i64 = row.get("n").map_err(DbError::from)?;
        let n = n.max(0) as usize;
        let year = year.map_or("unknown".into(), |y| y.to_string());
        let c = counts.entry(bucket).or_default();
        c.total += n;
        *c.by_year.entry(year.clone()).or_insert(0) += n;
        *c.by_city.entry(city.clone()).or_insert(0) += n;
        let chains = if chains.is_empty() {
            vec!["none".to_owned()]
        } else {
            chains
        };
        for chain in chains {
            *c.by_chain.entry(chain.clone()).or_insert(0) += n;
            *cells
                .entry((bucket, chain, year.clone(), city.clone()))
                .or_insert(0) += n;
        }
    }
    for (bucket, c) in counts.iter_mut() {
        let mut breakdown: Vec<FlowCell> = cells
            .iter()
            .filter(|((b, ..), _)| b == bucket)
            .map(|((_, chain, year, city), n)| FlowCell {
                chain: chain.clone(),
                year: year.clone(),
                city: city.clone(),
                n: *n,
            })
            .collect();
        breakdown.sort_by_key(|c| std::cmp::Reverse(c.n));
        c.breakdown = breakdown;
    }
    let mut take = |k| counts.remove(k).unwrap_or_default();
    Ok(Flows {
        data_version: String::new(),
        computed_at: String::new(),
        from_region: from.into(),
        from_name_zh,
        to_region: to.into(),
        to_name_zh,
        as_of,
        transfers_technology: take("transfers_technology"),
        supplies: take("supplies"),
        invests_in: take("invests_in"),
        branches: take("branches"),
        relocated: take("relocated"),
    })
}

impl super::cache::Fresh for Flows {
    fn stamp(&mut self, data_version: String, computed_at: String) {
        self.data_version = data_version;
        self.computed_at = computed_at;
    }
}
