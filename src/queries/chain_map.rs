//! The chain map: for every link, who operates in it where, and how strong the target region is.

use std::collections::BTreeMap;

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::chain_graph::ChainGraph;
use crate::db::Db;
use crate::domain::{ChainId, LinkLevel, Provenance, RegionCode, Scale, SegmentRole, Stage, Tag};
use crate::error::Error;
use crate::queries::weights::{capacity, location_quotient};
use crate::settings::QuerySettings;

const REGION_EXISTS: &str = include_str!("../../cypher/queries/region_exists.cypher");

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LinkInfo {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub stage: Stage,
    pub position: i64,
    /// `link`, or `sub_link` for a finer class within a link (at `level=sub_link` only).
    pub level: LinkLevel,
    /// A sub-link's link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// An enterprise in a link, as the chain queries see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LinkFirm {
    pub id: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub region_code: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub city_name: Option<String>,
    pub role: Option<SegmentRole>,
    pub tags: Vec<Tag>,
    pub scale: Option<Scale>,
    pub verified: bool,
    pub in_target: bool,
}

impl LinkFirm {
    pub fn is_leader(&self) -> bool {
        self.role == Some(SegmentRole::Leader) || self.tags.contains(&Tag::ChainLeader)
    }
}

pub struct LinkFirms {
    pub link: LinkInfo,
    pub firms: Vec<LinkFirm>,
}

/// How well the target region covers a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    Missing,
    Weak,
    Present,
    Strong,
}

pub fn grade(target_capacity: f64, lq: Option<f64>, thresholds: &QuerySettings) -> Strength {
    match lq {
        _ if target_capacity <= 0.0 => Strength::Missing,
        Some(lq) if lq < thresholds.weak_below_lq => Strength::Weak,
        Some(lq) if lq >= thresholds.strong_from_lq => Strength::Strong,
        _ => Strength::Present,
    }
}

/// A link's standing in the target region: its firms and capacity there and in the whole
/// region, the location quotient and the grade.
#[derive(Debug, Clone, Copy)]
pub struct LinkStanding {
    pub target_count: usize,
    pub target_capacity: f64,
    pub region_capacity: f64,
    pub location_quotient: Option<f64>,
    pub strength: Strength,
}

/// The standing of every link of a chain, in the links' order.
pub fn standings(links: &[LinkFirms], thresholds: &QuerySettings) -> Vec<LinkStanding> {
    let capacities: Vec<(usize, f64, f64)> = links
        .iter()
        .map(|l| {
            let mut target = (0, 0.0);
            let mut all = 0.0;
            for f in &l.firms {
                let c = capacity(f.scale, f.role, &f.tags);
                all += c;
                if f.in_target {
                    target = (target.0 + 1, target.1 + c);
                }
            }
            (target.0, target.1, all)
        })
        .collect();
    let target_chain: f64 = capacities.iter().map(|c| c.1).sum();
    let all_chain: f64 = capacities.iter().map(|c| c.2).sum();
    capacities
        .into_iter()
        .map(|(target_count, target_capacity, region_capacity)| {
            let lq = location_quotient(target_capacity, target_chain, region_capacity, all_chain);
            LinkStanding {
                target_count,
                target_capacity,
                region_capacity,
                location_quotient: lq,
                strength: grade(target_capacity, lq, thresholds),
            }
        })
        .collect()
}

/// A chain leader (链主) or leading firm of a link.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Leader {
    pub id: String,
    pub name_zh: String,
    pub region_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"link": {"id": "robotics.reducers", "name_zh": "减速器", "name_en": "Reducers",
    "stage": "upstream", "position": 0, "level": "link"}, "by_province": {"110000": 0, "120000": 1, "130000": 0},
    "by_city": {"120000 天津市": 1}, "leaders": [], "target_count": 0, "target_capacity": 0.0,
    "region_capacity": 2.0, "location_quotient": 0.0, "strength": "missing"}))]
pub struct LinkCoverage {
    pub link: LinkInfo,
    /// Enterprises in the link by province: 110000 Beijing, 120000 Tianjin, 130000 Hebei.
    pub by_province: BTreeMap<String, usize>,
    /// With `by=city`: by city (Hebei's prefecture cities; Beijing and Tianjin as a whole).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_city: Option<BTreeMap<String, usize>>,
    pub leaders: Vec<Leader>,
    /// Enterprises of the link in the target region.
    pub target_count: usize,
    /// Their capacity (size, role and tags weighed; see docs/QUERIES.md), and the capacity of
    /// all the link's firms in Beijing–Tianjin–Hebei.
    pub target_capacity: f64,
    pub region_capacity: f64,
    /// The link's share of the target's capacity in the chain over its share of the whole
    /// region's; absent when the target has no capacity in the chain.
    pub location_quotient: Option<f64>,
    pub strength: Strength,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChainMap {
    /// The version of the chain's data the map reflects: it changes whenever a write could
    /// change the map (also the `ETag`).
    pub data_version: String,
    /// When it was computed (RFC 3339; the `Age` header counts from it).
    pub computed_at: String,
    pub chain: ChainId,
    /// Region whose strength is graded (default 130000, Hebei).
    pub target: String,
    pub target_name_zh: String,
    /// `link`, or `sub_link` when the links are divided into their sub-links.
    pub level: LinkLevel,
    /// Thresholds used: a present link is weak below `weak_below_lq`, strong from
    /// `strong_from_lq`.
    pub weak_below_lq: f64,
    pub strong_from_lq: f64,
    pub links: Vec<LinkCoverage>,
}

impl super::cache::Fresh for ChainMap {
    fn stamp(&mut self, data_version: String, computed_at: String) {
        self.data_version = data_version;
        self.computed_at = computed_at;
    }
}

/// The target region's Chinese name as `graph` knows it, or a 422 naming the parameter.
pub fn known_region(graph: &ChainGraph, code: &RegionCode, field: &str) -> Result<String, Error> {
    graph
        .region_name(code.as_str())
        .map(str::to_owned)
        .ok_or_else(|| unknown_region(field, code))
}

fn unknown_region(field: &str, code: &RegionCode) -> Error {
    Error::invalid(field, "exists", format!("unknown region code {code}"))
}

/// The target region's Chinese name, or a 422 naming the parameter.
pub async fn region_name(db: &Db, code: &RegionCode, field: &str) -> Result<String, Error> {
    let names: Vec<String> = db
        .column(query(REGION_EXISTS).param("code", code.as_str()), "name_zh")
        .await?;
    names
        .into_iter()
        .next()
        .ok_or_else(|| unknown_region(field, code))
}

/// What a map shows: counts by city too, which firms, in which year, at which level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MapView {
    pub by_city: bool,
    pub which: Provenance,
    pub as_of: Option<i64>,
    pub level: LinkLevel,
}

/// The map of `graph`'s chain for `target`; a 422 naming `region` for a code the graph does not
/// know.
pub fn chain_map(
    graph: &ChainGraph,
    target: &RegionCode,
    view: MapView,
    thresholds: &QuerySettings,
) -> Result<ChainMap, Error> {
    let MapView {
        by_city,
        which,
        as_of,
        level,
    } = view;
    let target_name_zh = known_region(graph, target, "region")?;
    let links = graph.link_firms(target.as_str(), which, as_of, level);
    let standings = standings(&links, thresholds);
    let links = links
        .iter()
        .zip(standings)
        .map(|(LinkFirms { link, firms }, standing)| {
            let mut by_province = BTreeMap::from([
                ("110000".into(), 0),
                ("120000".into(), 0),
                ("130000".into(), 0),
            ]);
            let mut cities = BTreeMap::new();
            for f in firms {
                if let Some(p) = &f.province {
                    *by_province.entry(p.clone()).or_insert(0) += 1;
                }
                if let (Some(code), Some(name)) = (&f.city, &f.city_name) {
                    *cities.entry(format!("{code} {name}")).or_insert(0) += 1;
                }
            }
            let leaders = firms
                .iter()
                .filter(|f| f.is_leader())
                .map(|f| Leader {
                    id: f.id.clone(),
                    name_zh: f.name_zh.clone(),
                    region_code: f.region_code.clone(),
                })
                .collect();
            LinkCoverage {
                link: link.clone(),
                by_province,
                by_city: by_city.then_some(cities),
                leaders,
                target_count: standing.target_count,
                target_capacity: standing.target_capacity,
                region_capacity: standing.region_capacity,
                location_quotient: standing.location_quotient,
                strength: standing.strength,
            }
        })
        .collect();
    Ok(ChainMap {
        data_version: String::new(),
        computed_at: String::new(),
        chain: graph.chain,
        target: target.to_string(),
        target_name_zh,
        level,
        weak_below_lq: thresholds.weak_below_lq,
        strong_from_lq: thresholds.strong_from_lq,
        links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_follow_the_location_quotient() {
        let t = QuerySettings {
            weak_below_lq: 0.5,
            strong_from_lq: 1.5,
            impact_max_affected: 500,
            impact_disruption_share: 1.0,
            lists_top: 20,
        };
        use Strength::*;
        assert_eq!(grade(0.0, None, &t), Missing);
        assert_eq!(grade(0.0, Some(0.0), &t), Missing);
        assert_eq!(grade(1.0, Some(0.49), &t), Weak);
        assert_eq!(grade(1.0, Some(0.5), &t), Present);
        assert_eq!(grade(1.0, Some(1.49), &t), Present);
        assert_eq!(grade(1.0, Some(1.5), &t), Strong);
    }
}
