//! If this firm stopped, who downstream would be hit, and who has no alternative supplier?

use std::collections::{BTreeMap, BTreeSet};

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
const SUBSTITUTES: &str = include_str!("../../cypher/queries/impact_substitutes.cypher");

/// Substitutes listed per product an affected firm lost every supplier of.
pub const SUBSTITUTES_PER_PRODUCT: usize = 3;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FirmRef {
    pub id: String,
    pub name_zh: String,
    pub region_code: Option<String>,
    pub kind: Option<OrgKind>,
}

/// How far a substitute supplier is from the firm it would supply, nearest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Distance {
    /// The same city (Beijing and Tianjin are one city each).
    SameCity,
    SameProvince,
    /// Elsewhere in Beijing–Tianjin–Hebei.
    Region,
    /// Outside the region, or of unknown location.
    Outside,
}

const REGION_PROVINCES: [&str; 3] = ["11", "12", "13"];

impl Distance {
    /// From the two region codes (GB/T 2260: two digits of province, two of city), so no
    /// region lookup is needed per candidate.
    pub fn between(a: Option<&str>, b: Option<&str>) -> Distance {
        let (Some(a), Some(b)) = (a, b) else {
            return Distance::Outside;
        };
        let shared = |n: usize| a.get(..n).is_some_and(|p| b.get(..n) == Some(p));
        if shared(4) {
            Distance::SameCity
        } else if shared(2) {
            Distance::SameProvince
        } else if [a, b]
            .iter()
            .all(|c| REGION_PROVINCES.iter().any(|p| c.starts_with(p)))
        {
            Distance::Region
        } else {
            Distance::Outside
        }
    }
}

/// Another supplier of a product an affected firm lost every supplier of.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Substitute {
    pub product: String,
    pub firm: FirmRef,
    pub distance: Distance,
    /// How many customers it delivers this product to: an established supplier first.
    pub customers: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"firm": {"id": "demo-robotics-72", "name_zh": "【演示】唐山中瑞机器人本体有限公司",
    "region_code": "130200", "kind": "enterprise"}, "depth": 1, "province": "130000",
    "chains": ["robotics"], "lost_products": ["reducers"], "without_alternative": ["reducers"],
    "hit_share": 1.0, "disrupted": true, "via": ["demo-robotics-59"], "substitutes": [{
    "product": "reducers", "distance": "same_province", "customers": 3,
    "firm": {"id": "demo-robotics-61", "name_zh": "【演示】石家庄精工减速器有限公司",
             "region_code": "130100", "kind": "enterprise"}}]}))]
pub struct AffectedFirm {
    pub firm: FirmRef,
    /// Supply hops from the stopped firm (1 = a direct customer).
    pub depth: i64,
    pub province: Option<String>,
    pub chains: Vec<ChainId>,
    /// Products it buys from the stopped firm or from disrupted firms.
    pub lost_products: Vec<String>,
    /// Of those, the products no undisrupted supplier also delivers to it.
    pub without_alternative: Vec<String>,
    /// The largest share of one product's suppliers that is hit (0–1).
    pub hit_share: f64,
    /// Whether it is disrupted: some product lost at least the disruption share of its
    /// suppliers. Only disrupted firms pass the disruption on to their customers.
    pub disrupted: bool,
    /// The stopped or disrupted suppliers it buys from, those hit first listed first: how the
    /// disruption reached it (its parents when the impact is drawn as a tree).
    pub via: Vec<String>,
    /// With `substitutes=true`: for each product without an alternative, up to three
    /// organisations that supply it to others and are not hit, nearest first, then the most
    /// customers, then id. Empty otherwise.
    pub substitutes: Vec<Substitute>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"enterprise": "demo-robotics-59", "depth": 3, "disruption_share": 1.0,
    "affected": [{
    "firm": {"id": "demo-robotics-72", "name_zh": "【演示】唐山中瑞机器人本体有限公司",
             "region_code": "130200", "kind": "enterprise"},
    "depth": 1, "province": "130000", "chains": ["robotics"], "lost_products": ["reducers"],
    "without_alternative": ["reducers"], "hit_share": 1.0, "disrupted": true,
    "via": ["demo-robotics-59"], "substitutes": []}],
    "by_region": {"130000": 1}, "by_chain": {"robotics": 1}, "disrupted": 1,
    "without_alternative": 1, "truncated": false}))]
pub struct Impact {
    pub enterprise: String,
    pub depth: u8,
    /// A firm is disrupted when the stopped or disrupted firms are at least this share of the
    /// suppliers of one of its products (1 = all of them).
    pub disruption_share: f64,
    /// Every customer of the stopped or a disrupted firm within `depth` hops, nearest first.
    pub affected: Vec<AffectedFirm>,
    /// Affected firms by province (110000, 120000, 130000; `other` outside the region).
    pub by_region: BTreeMap<String, usize>,
    /// Affected firms by chain they operate in (`none` for firms in no chain).
    pub by_chain: BTreeMap<String, usize>,
    /// Affected firms that are disrupted.
    pub disrupted: usize,
    /// Affected firms left without an alternative for at least one product.
    pub without_alternative: usize,
    /// True when the list was cut at the configured maximum.
    pub truncated: bool,
}

/// One product a reached firm buys: how many suppliers deliver it, how many are hit.
#[derive(Debug, Clone, Deserialize)]
struct Input {
    product: String,
    suppliers: i64,
    hit: i64,
}

/// A supply relationship recorded without its product.
const UNSPECIFIED: &str = "(unspecified)";

fn clean(products: impl IntoIterator<Item = String>) -> Vec<String> {
    let set: BTreeSet<String> = products
        .into_iter()
        .map(|p| if p.is_empty() { UNSPECIFIED.into() } else { p })
        .collect();
    set.into_iter().collect()
}

/// Judges one reached firm from its inputs.
fn judge(
    firm: FirmRef,
    depth: i64,
    province: Option<String>,
    chains: Vec<ChainId>,
    inputs: &[Input],
    share: f64,
) -> AffectedFirm {
    let lost = inputs.iter().filter(|i| i.hit > 0);
    let hit_share = lost
        .clone()
        .map(|i| i.hit as f64 / i.suppliers.max(1) as f64)
        .fold(0.0, f64::max);
    AffectedFirm {
        lost_products: clean(lost.clone().map(|i| i.product.clone())),
        without_alternative: clean(
            lost.filter(|i| i.hit >= i.suppliers)
                .map(|i| i.product.clone()),
        ),
        // A tolerance for shares such as 1/3 against a configured 0.33.
        disrupted: hit_share > 0.0 && hit_share + 1e-9 >= share,
        hit_share,
        via: Vec::new(),
        substitutes: Vec::new(),
        firm,
        depth,
        province,
        chains,
    }
}

/// Breadth-first downstream along SUPPLIES, level by level up to `depth`: the customers of the
/// stopped firm and of the firms disrupted so far, each judged once, when first reached, against
/// the firms disrupted at a shallower depth. Stops once more than `max` are reached.
async fn reach(
    db: &Db,
    start: &OrgId,
    depth: HopBound,
    max: usize,
    share: f64,
) -> Result<Reached, DbError> {
    let mut visited: Vec<String> = vec![start.to_string()];
    let mut hit: Vec<String> = vec![start.to_string()];
    let mut frontier = vec![start.to_string()];
    let mut reached: Vec<AffectedFirm> = Vec::new();
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
        let candidates: Vec<String> = db.column(q, "id").await?;
        visited.extend(candidates.iter().cloned());
        let q = query(DETAILS)
            .param("ids", candidates)
            .param("hit", hit.clone());
        let order: std::collections::HashMap<&str, usize> = hit
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let mut judged = Vec::new();
        for row in db.rows(q).await? {
            let inputs: Vec<Input> = row.get("inputs")?;
            let firm: FirmRef = row.get("firm")?;
            let (province, chains) = (row.get("province")?, row.get("chains")?);
            let mut via: Vec<String> = row.get("via")?;
            via.sort_by_key(|id| order.get(id.as_str()).copied());
            let mut affected = judge(firm, level, province, chains, &inputs, share);
            affected.via = via;
            judged.push(affected);
        }
        judged.sort_by(|a, b| a.firm.id.cmp(&b.firm.id));
        frontier = judged
            .iter()
            .filter(|a| a.disrupted)
            .map(|a| a.firm.id.clone())
            .collect();
        hit.extend(frontier.iter().cloned());
        reached.extend(judged);
        if reached.len() > max {
            reached.truncate(max);
            return Ok(Reached {
                affected: reached,
                truncated: true,
                hit,
            });
        }
    }
    Ok(Reached {
        affected: reached,
        truncated: false,
        hit,
    })
}

/// What the breadth-first walk found: the affected firms, whether the list was cut, and the
/// stopped and disrupted firms.
struct Reached {
    affected: Vec<AffectedFirm>,
    truncated: bool,
    hit: Vec<String>,
}

/// One supplier of a lost product, as the substitutes query returns it.
#[derive(Debug, Clone, Deserialize)]
struct Candidate {
    product: String,
    firm: FirmRef,
    customers: i64,
}

/// Fills in each affected firm's substitutes for the products it has no alternative for. The
/// candidates are fetched once per product, whatever the number of firms that lost it.
async fn find_substitutes(
    db: &Db,
    affected: &mut [AffectedFirm],
    hit: &[String],
    synthetic: Option<bool>,
) -> Result<(), DbError> {
    let products: BTreeSet<&str> = affected
        .iter()
        .flat_map(|a| a.without_alternative.iter())
        .map(String::as_str)
        .filter(|p| *p != UNSPECIFIED)
        .collect();
    if products.is_empty() {
        return Ok(());
    }
    let q = query(SUBSTITUTES)
        .param("products", products.into_iter().collect::<Vec<_>>())
        .param("hit", hit.to_vec())
        .param("synthetic", synthetic)
        .param("per_city", (SUBSTITUTES_PER_PRODUCT + 1) as i64);
    let candidates: Vec<Candidate> = db
        .each(q, |r| {
            Ok(Candidate {
                product: r.get("product")?,
                firm: r.get("firm")?,
                customers: r.get("customers")?,
            })
        })
        .await?;
    let mut by_product: BTreeMap<&str, Vec<&Candidate>> = BTreeMap::new();
    for c in &candidates {
        by_product.entry(c.product.as_str()).or_default().push(c);
    }
    for firm in affected.iter_mut() {
        let home = firm.firm.region_code.clone();
        for product in &firm.without_alternative {
            let Some(offers) = by_product.get(product.as_str()) else {
                continue;
            };
            let mut ranked: Vec<Substitute> = offers
                .iter()
                .filter(|c| c.firm.id != firm.firm.id)
                .map(|c| Substitute {
                    product: product.clone(),
                    distance: Distance::between(home.as_deref(), c.firm.region_code.as_deref()),
                    customers: c.customers,
                    firm: c.firm.clone(),
                })
                .collect();
            ranked.sort_by(|a, b| {
                (a.distance, -a.customers, &a.firm.id).cmp(&(b.distance, -b.customers, &b.firm.id))
            });
            ranked.truncate(SUBSTITUTES_PER_PRODUCT);
            firm.substitutes.extend(ranked);
        }
    }
    Ok(())
}

/// The firms an organisation stopping would disrupt (the impact rule), each with the supply
/// path by which it is reached: the stopped organisation first, the firm last.
pub async fn disrupted_by(
    db: &Db,
    id: &OrgId,
    depth: HopBound,
    max: usize,
    share: f64,
) -> Result<Vec<(String, Vec<String>)>, Error> {
    let reached = reach(db, id, depth, max, share).await?;
    let parent: BTreeMap<&str, &str> = reached
        .affected
        .iter()
        .filter_map(|a| a.via.first().map(|v| (a.firm.id.as_str(), v.as_str())))
        .collect();
    let path_to = |firm: &str| {
        let mut path = vec![firm.to_owned()];
        let mut at = firm;
        // Parents are nearer the stopped firm, so this ends within `depth` steps.
        while let Some(&up) = parent.get(at) {
            path.push(up.to_owned());
            if up == id.as_str() || path.len() > usize::from(depth.get()) + 1 {
                break;
            }
            at = up;
        }
        path.reverse();
        path
    };
    Ok(reached
        .affected
        .iter()
        .filter(|a| a.disrupted)
        .map(|a| (a.firm.id.clone(), path_to(&a.firm.id)))
        .collect())
}

pub async fn impact(
    db: &Db,
    id: &OrgId,
    depth: HopBound,
    max_affected: usize,
    disruption_share: f64,
    substitutes: bool,
) -> Result<Impact, Error> {
    let stopped = store::get(db, OrgKind::Enterprise, id).await?;
    let Reached {
        mut affected,
        truncated,
        hit,
    } = reach(db, id, depth, max_affected, disruption_share).await?;
    // A real firm's customers are offered real substitutes only, never demo or benchmark data.
    if substitutes {
        let synthetic = (!stopped.synthetic).then_some(false);
        find_substitutes(db, &mut affected, &hit, synthetic).await?;
    }
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
    let disrupted = affected.iter().filter(|a| a.disrupted).count();
    Ok(Impact {
        enterprise: id.to_string(),
        depth: depth.get(),
        disruption_share,
        disrupted,
        affected,
        by_region,
        by_chain,
        without_alternative,
        truncated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(inputs: &[(&str, i64, i64)], share: f64) -> AffectedFirm {
        let firm = FirmRef {
            id: "f".into(),
            name_zh: "f".into(),
            region_code: None,
            kind: None,
        };
        let inputs: Vec<Input> = inputs
            .iter()
            .map(|(p, suppliers, hit)| Input {
                product: p.to_string(),
                suppliers: *suppliers,
                hit: *hit,
            })
            .collect();
        judge(firm, 1, None, vec![], &inputs, share)
    }

    #[test]
    fn distance_comes_from_the_region_codes() {
        let d = |a, b| Distance::between(Some(a), Some(b));
        assert_eq!(d("130209", "130200"), Distance::SameCity);
        assert_eq!(
            d("110108", "110105"),
            Distance::SameCity,
            "Beijing is one city"
        );
        assert_eq!(d("130209", "130100"), Distance::SameProvince);
        assert_eq!(d("130209", "120116"), Distance::Region);
        assert_eq!(d("130209", "310000"), Distance::Outside);
        assert_eq!(Distance::between(None, Some("130200")), Distance::Outside);
        assert!(
            Distance::SameCity < Distance::SameProvince && Distance::Region < Distance::Outside
        );
    }

    #[test]
    fn a_firm_is_disrupted_when_an_input_loses_its_share_of_suppliers() {
        // Bearings: 1 of 2 suppliers hit; gears: both of 2; oil: none of 1.
        let both = judged(&[("bearings", 2, 1), ("gears", 2, 2), ("oil", 1, 0)], 1.0);
        assert_eq!(both.lost_products, ["bearings", "gears"]);
        assert_eq!(both.without_alternative, ["gears"]);
        assert_eq!(both.hit_share, 1.0);
        assert!(both.disrupted);
        let half = judged(&[("bearings", 2, 1)], 1.0);
        assert_eq!(half.hit_share, 0.5);
        assert!(!half.disrupted, "an alternative supplier is left");
        assert!(judged(&[("bearings", 2, 1)], 0.5).disrupted);
        assert!(
            judged(&[("bearings", 3, 1)], 0.33).disrupted,
            "1/3 meets 0.33"
        );
        assert!(!judged(&[("oil", 1, 0)], 0.1).disrupted);
    }
}
