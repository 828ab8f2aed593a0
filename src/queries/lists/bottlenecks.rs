//! Bottlenecks (卡点): how concentrated, and how far away, the supply of each link's firms in the
//! target region is. The rule and a worked example are in docs/QUERIES.md ("Bottlenecks").

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Which;
use crate::domain::Scale;
use crate::queries::chain_graph::{ChainGraph, FedFirm, SupplierRow};
use crate::queries::chain_map::{LinkFirm, LinkFirms};
use crate::queries::weights::scale_weight;

/// Where a supplier sits, seen from the firm it supplies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The same prefecture city (Beijing and Tianjin each count as one city).
    SameCity,
    SameProvince,
    /// Another of Beijing, Tianjin and Hebei.
    ElsewhereInRegion,
    /// Outside Beijing–Tianjin–Hebei, or of unknown location.
    OutsideRegion,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Supplier {
    pub id: String,
    pub name_zh: String,
    pub region_code: Option<String>,
    pub product: Option<String>,
    /// Supply relationships it has with the firm (its weight in the concentration index).
    pub relationships: i64,
    /// Whether the supplier is in the target region.
    pub in_target: bool,
    pub origin: Origin,
}

/// Declared most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Dependency {
    /// Both at once: a single supplier, and it is outside the region.
    SingleOutsideSupplier,
    /// Exactly one supplier from the upstream links.
    SingleSupplier,
    /// Every upstream supplier is outside the target region.
    OutsideSuppliersOnly,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DependentFirm {
    pub id: String,
    pub name_zh: String,
    pub region_code: Option<String>,
    pub dependency: Dependency,
    /// Herfindahl–Hirschman index of its suppliers' shares of its supply relationships (0–1;
    /// 1 = a single supplier).
    pub hhi: f64,
    /// Share of its supply relationships that come from outside the target region (0–1).
    pub outside_share: f64,
    /// `hhi × (1 + outside_share) / 2` (0–1).
    pub score: f64,
    /// The firm's weight in its link's score (scale, doubled for a chain leader).
    pub weight: f64,
    pub suppliers: Vec<Supplier>,
}

/// A link where target-region firms depend on one supplier or on outside suppliers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Bottleneck {
    pub link: String,
    pub link_name_zh: String,
    /// The weighted mean of the scores of the link's target-region firms that have suppliers
    /// (0–1); bottlenecks are listed highest first.
    pub score: f64,
    /// Target-region firms in the link with at least one upstream supplier.
    pub firms_with_suppliers: usize,
    /// How many of them depend on a single or only on outside suppliers.
    pub dependent_count: usize,
    /// The first `top` of them, highest score first (then the most severe dependency, then id).
    pub dependent_firms: Vec<DependentFirm>,
}

fn dependency(suppliers: &[Supplier]) -> Option<Dependency> {
    let distinct: BTreeSet<&str> = suppliers.iter().map(|s| s.id.as_str()).collect();
    let outside_only = !suppliers.is_empty() && suppliers.iter().all(|s| !s.in_target);
    match (distinct.len() == 1, outside_only) {
        (true, true) => Some(Dependency::SingleOutsideSupplier),
        (true, false) => Some(Dependency::SingleSupplier),
        (false, true) => Some(Dependency::OutsideSuppliersOnly),
        _ => None,
    }
}

/// Σ sᵢ² over the suppliers' shares sᵢ = nᵢ / Σ n of the firm's supply relationships.
pub fn hhi(relationships: &[i64]) -> f64 {
    let total: i64 = relationships.iter().sum();
    if total <= 0 {
        return 0.0;
    }
    relationships
        .iter()
        .map(|&n| (n as f64 / total as f64).powi(2))
        .sum()
}

/// A single local supplier scores 0.5, a single outside one 1, four equal outside ones 0.25.
pub fn firm_score(hhi: f64, outside_share: f64) -> f64 {
    hhi * (1.0 + outside_share) / 2.0
}

/// The firm's size weight, doubled for a chain leader.
pub fn weight(scale: Option<Scale>, leader: bool) -> f64 {
    let base = scale_weight(scale);
    if leader {
        base * 2.0
    } else {
        base
    }
}

/// A place as the tiers compare it: city and province codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Place {
    city: Option<String>,
    province: Option<String>,
}

impl Place {
    fn of_firm(f: &LinkFirm) -> Self {
        Place {
            city: f.city.clone(),
            province: f.province.clone(),
        }
    }

    /// From the code alone, for suppliers outside the chain's firms (no city known).
    fn of_code(code: Option<&str>) -> Self {
        let province = code
            .filter(|c| c.len() == 6 && ["11", "12", "13"].contains(&&c[..2]))
            .map(|c| format!("{}0000", &c[..2]));
        Place {
            city: None,
            province,
        }
    }
}

fn origin(firm: &Place, supplier: &Place) -> Origin {
    match (&supplier.province, &firm.province) {
        (None, _) => Origin::OutsideRegion,
        _ if firm.city.is_some() && firm.city == supplier.city => Origin::SameCity,
        (Some(s), Some(f)) if s == f => Origin::SameProvince,
        _ => Origin::ElsewhereInRegion,
    }
}

/// The bottlenecks of a chain in the target region; `links` are the chain's links with their
/// firms (from `link_firms`), which give each firm's place, scale and leadership.
pub fn bottlenecks(
    graph: &ChainGraph,
    target: &str,
    links: &[LinkFirms],
    top: usize,
    which: Which,
) -> Vec<Bottleneck> {
    let firms: HashMap<&str, &LinkFirm> = links
        .iter()
        .flat_map(|l| &l.firms)
        .map(|f| (f.id.as_str(), f))
        .collect();
    let names: HashMap<&str, &str> = links
        .iter()
        .map(|l| (l.link.id.as_str(), l.link.name_zh.as_str()))
        .collect();
    let fed = graph.target_suppliers(target, which.synthetic, which.as_of, which.level);
    let mut by_link: Vec<(Bottleneck, f64)> = Vec::new();
    for FedFirm {
        link,
        firm: firm_id,
        suppliers: rows,
    } in fed
    {
        let Some(firm) = firms.get(firm_id.as_str()) else {
            continue;
        };
        let scored = score_firm(firm, rows, &firms);
        if by_link.last().is_none_or(|(b, _)| b.link != link) {
            let bottleneck = Bottleneck {
                link_name_zh: names.get(link.as_str()).unwrap_or(&"").to_string(),
                link,
                score: 0.0,
                firms_with_suppliers: 0,
                dependent_count: 0,
                dependent_firms: Vec::new(),
            };
            by_link.push((bottleneck, 0.0));
        }
        let (b, weights) = by_link.last_mut().expect("pushed above");
        b.firms_with_suppliers += 1;
        b.score += scored.weight * scored.score;
        *weights += scored.weight;
        if let Some(dependent) = scored.dependent {
            b.dependent_firms.push(dependent);
        }
    }
    let mut out: Vec<Bottleneck> = by_link
        .into_iter()
        .filter(|(b, _)| !b.dependent_firms.is_empty())
        .map(|(mut b, weights)| {
            b.score = if weights > 0.0 {
                b.score / weights
            } else {
                0.0
            };
            b.dependent_count = b.dependent_firms.len();
            b.dependent_firms.sort_by(|x, y| {
                y.score
                    .total_cmp(&x.score)
                    .then(x.dependency.cmp(&y.dependency))
                    .then(x.id.cmp(&y.id))
            });
            b.dependent_firms.truncate(top);
            b
        })
        .collect();
    // Stable: links with equal scores keep their upstream-first order.
    out.sort_by(|x, y| y.score.total_cmp(&x.score));
    out
}

struct ScoredFirm {
    score: f64,
    weight: f64,
    dependent: Option<DependentFirm>,
}

fn score_firm(
    firm: &LinkFirm,
    rows: Vec<SupplierRow>,
    firms: &HashMap<&str, &LinkFirm>,
) -> ScoredFirm {
    let here = Place::of_firm(firm);
    let suppliers: Vec<Supplier> = rows
        .into_iter()
        .map(|s| {
            let there = match firms.get(s.id.as_str()) {
                Some(f) => Place::of_firm(f),
                None => Place::of_code(s.region_code.as_deref()),
            };
            Supplier {
                origin: origin(&here, &there),
                id: s.id,
                name_zh: s.name_zh,
                region_code: s.region_code,
                product: s.product,
                relationships: s.relationships,
                in_target: s.in_target,
            }
        })
        .collect();
    let counts: Vec<i64> = suppliers.iter().map(|s| s.relationships).collect();
    let total: i64 = counts.iter().sum();
    let outside: i64 = suppliers
        .iter()
        .filter(|s| !s.in_target)
        .map(|s| s.relationships)
        .sum();
    let outside_share = if total > 0 {
        outside as f64 / total as f64
    } else {
        0.0
    };
    let hhi = hhi(&counts);
    let score = firm_score(hhi, outside_share);
    let weight = weight(firm.scale, firm.is_leader());
    let dependent = dependency(&suppliers).map(|dependency| DependentFirm {
        id: firm.id.clone(),
        name_zh: firm.name_zh.clone(),
        region_code: firm.region_code.clone(),
        dependency,
        hhi,
        outside_share,
        score,
        weight,
        suppliers,
    });
    ScoredFirm {
        score,
        weight,
        dependent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supplier(id: &str, in_target: bool) -> Supplier {
        Supplier {
            id: id.into(),
            name_zh: id.into(),
            region_code: None,
            product: None,
            relationships: 1,
            in_target,
            origin: Origin::SameCity,
        }
    }

    #[test]
    fn dependency_rules() {
        assert_eq!(dependency(&[]), None);
        assert_eq!(
            dependency(&[supplier("a", true)]),
            Some(Dependency::SingleSupplier)
        );
        assert_eq!(
            dependency(&[supplier("a", false)]),
            Some(Dependency::SingleOutsideSupplier)
        );
        assert_eq!(
            dependency(&[supplier("a", false), supplier("b", false)]),
            Some(Dependency::OutsideSuppliersOnly)
        );
        assert_eq!(
            dependency(&[supplier("a", true), supplier("b", false)]),
            None
        );
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn concentration_is_the_sum_of_squared_shares() {
        // Shares 1/2, 1/4, 1/4: 0.25 + 0.0625 + 0.0625.
        assert!(close(hhi(&[2, 1, 1]), 0.375));
        assert!(close(hhi(&[3]), 1.0));
        assert!(close(hhi(&[1, 1, 1, 1]), 0.25));
        assert!(close(hhi(&[]), 0.0));
    }

    #[test]
    fn distance_raises_the_score_and_diversity_lowers_it() {
        assert!(close(firm_score(1.0, 0.0), 0.5));
        assert!(close(firm_score(1.0, 1.0), 1.0));
        assert!(close(firm_score(0.25, 1.0), 0.25));
        assert!(close(firm_score(0.375, 0.5), 0.28125));
        assert!(close(weight(Some(crate::domain::Scale::Large), true), 16.0));
        assert!(close(weight(None, false), 1.0));
    }

    #[test]
    fn origins_are_tiers_from_the_firm() {
        let place = |city: &str, province: &str| Place {
            city: Some(city.into()),
            province: Some(province.into()),
        };
        let tangshan = place("130200", "130000");
        assert_eq!(
            origin(&tangshan, &place("130200", "130000")),
            Origin::SameCity
        );
        assert_eq!(
            origin(&tangshan, &place("130100", "130000")),
            Origin::SameProvince
        );
        assert_eq!(
            origin(&tangshan, &place("120000", "120000")),
            Origin::ElsewhereInRegion
        );
        assert_eq!(
            origin(&tangshan, &Place::of_code(Some("310115"))),
            Origin::OutsideRegion
        );
        assert_eq!(
            origin(&tangshan, &Place::of_code(Some("130181"))),
            Origin::SameProvince
        );
    }
}
