//! One chain's graph, read once per version of its data and held in memory: every organisation
//! operating in the chain with its memberships, the supply relationships that reach or leave
//! them, the other relationships that reach them, and the reference data (regions, segments and
//! their feeds). The chain map and the three lists — for any target region, level, year and
//! provenance — are computed from it in Rust, so one read of the chain (about a second at the
//! region's size) serves every answer about it, where each answer used to cost several
//! whole-chain queries of its own. The rules themselves live in `chain_map` and `lists`; this
//! module answers the questions those rules ask, as the Cypher it replaces answered them.

use std::collections::{BTreeMap, HashMap, HashSet};

use neo4rs::query;
use serde::Deserialize;

use super::chain_map::{LinkFirm, LinkFirms, LinkInfo};
use crate::db::{Db, DbError};
use crate::domain::{ChainId, LinkLevel, OrgKind, Provenance, RelKind, Stage};

const REFERENCE: &str = include_str!("../../cypher/queries/chain_graph/reference.cypher");
const MEMBERS: &str = include_str!("../../cypher/queries/chain_graph/members.cypher");
const OUTSIDE_SUPPLIES: &str =
    include_str!("../../cypher/queries/chain_graph/outside_supplies.cypher");
const NEIGHBOURS: &str = include_str!("../../cypher/queries/chain_graph/neighbours.cypher");

/// How far down the region tree a target's subtree reaches (province → city → district, and a
/// new area's counties), as the Cypher `PART_OF|ALSO_PART_OF*0..3` did.
const SUBTREE_DEPTH: usize = 3;

/// When a relationship held: its year (or `valid_from`) and, if it ended, `valid_to`.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct Years {
    year: Option<i64>,
    valid_from: Option<i64>,
    valid_to: Option<i64>,
}

impl Years {
    /// Known to hold in `as_of` (always, without a year): begun by then and not ended before.
    /// One with neither a year nor `valid_from` is not known to hold in any given year.
    pub fn hold_in(&self, as_of: Option<i64>) -> bool {
        let Some(year) = as_of else { return true };
        self.year.or(self.valid_from).is_some_and(|y| y <= year)
            && self.valid_to.is_none_or(|to| to >= year)
    }
}

#[derive(Debug, Clone, Deserialize)]
struct Region {
    code: String,
    name_zh: String,
    level: Option<String>,
    part_of: Vec<String>,
    also_part_of: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct Segment {
    id: String,
    name_zh: String,
    name_en: String,
    stage: Stage,
    position: i64,
    sub_position: Option<i64>,
    level: LinkLevel,
    /// The chain of a link (sub-links have their link instead).
    chain: Option<String>,
    parent: Option<String>,
    feeds: Vec<String>,
}

impl Segment {
    fn info(&self) -> LinkInfo {
        LinkInfo {
            id: self.id.clone(),
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            stage: self.stage,
            position: self.position,
            level: self.level,
            parent: self.parent.clone(),
        }
    }

    /// The order rows of a chain come in: by position, a link before its sub-links, then id.
    fn order(&self) -> (i64, i64, &str) {
        (self.position, self.sub_position.unwrap_or(-1), &self.id)
    }
}

#[derive(Debug, Clone, Deserialize)]
struct OrgRow {
    id: String,
    kind: Option<String>,
    name_zh: String,
    name_en: Option<String>,
    region_code: Option<String>,
    scale: Option<String>,
    verified: Option<bool>,
    tags: Vec<String>,
    synthetic: bool,
}

/// A supply to a member from an organisation outside the chain.
#[derive(Debug, Deserialize)]
struct OutsideSupply {
    supplier: String,
    customer: String,
    product: Option<String>,
    #[serde(flatten)]
    years: Years,
}

type MembershipRow = (String, Option<String>, Option<i64>, Option<i64>);
type SupplyRow = (
    String,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);
type TieRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    bool,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

#[derive(Debug, Clone)]
struct Membership {
    segment: String,
    role: Option<String>,
    since: Option<i64>,
    until: Option<i64>,
}

impl Membership {
    fn from_row((segment, role, since, until): MembershipRow) -> Self {
        Membership {
            segment,
            role,
            since,
            until,
        }
    }

    /// Counts in `year` unless it began after it or ended before it.
    fn holds_in(&self, year: i64) -> bool {
        self.since.unwrap_or(year) <= year && self.until.unwrap_or(year) >= year
    }
}

#[derive(Debug, Clone)]
struct Org {
    row: OrgRow,
    memberships: Vec<Membership>,
    /// Segments of this chain (indexes into `ChainGraph::chain_segments`) that the
    /// organisation's own segments, or their links, feed.
    feeds: Vec<usize>,
    /// Indexes into `ChainGraph::supplies` of what it supplies and what it is supplied.
    supplies: Vec<u32>,
    supplied: Vec<u32>,
}

impl Org {
    fn is_enterprise(&self) -> bool {
        self.row.kind.as_deref() == Some(OrgKind::Enterprise.as_str())
    }

    fn kept(&self, synthetic: Option<bool>) -> bool {
        synthetic.is_none_or(|s| self.row.synthetic == s)
    }
}

#[derive(Debug, Clone)]
struct Supply {
    supplier: u32,
    customer: u32,
    product: Option<String>,
    years: Years,
}

/// A relationship of another type reaching a member, with what the rules ask of its source.
#[derive(Debug, Clone)]
struct Tie {
    /// The source, when it is one of the chain's organisations.
    source: Option<u32>,
    kind: Option<RelKind>,
    source_kind: Option<String>,
    source_region: Option<String>,
    source_synthetic: bool,
    target: u32,
    years: Years,
}

/// A link's row of the chain: the segment it reports as, and the segments whose firms it counts.
struct Row<'a> {
    segment: &'a Segment,
    counted: Vec<&'a Segment>,
}

/// Target-region enterprise of a link with the suppliers that feed it, grouped per supplier as
/// the bottleneck rule weighs them.
pub struct SupplierRow {
    pub id: String,
    pub name_zh: String,
    pub region_code: Option<String>,
    pub product: Option<String>,
    pub relationships: i64,
    pub in_target: bool,
}

/// A target-region enterprise of a link (or sub-link) with the suppliers that feed it.
pub struct FedFirm {
    pub link: String,
    pub firm: String,
    pub suppliers: Vec<SupplierRow>,
}

/// What the investment-lead rule asks of a candidate.
#[derive(Debug, Clone, Default)]
pub struct LeadFacts {
    /// Distinct customers in the target region, how many of them chain leaders, and anywhere.
    pub customers: i64,
    pub leaders: i64,
    pub customers_total: i64,
    /// It holds technology from, or was incubated by, an R&D source of the origin province.
    pub origin_rd: bool,
}

pub struct ChainGraph {
    pub chain: ChainId,
    regions: HashMap<String, Region>,
    segments: HashMap<String, Segment>,
    /// The chain's links, in order.
    links: Vec<String>,
    /// The chain's segments (links and sub-links), whose indexes `Org::feeds` holds.
    chain_segments: Vec<String>,
    /// Members first (`members` of them), then organisations outside the chain at the other end
    /// of a member's supply relationship.
    orgs: Vec<Org>,
    members: usize,
    index: HashMap<String, u32>,
    supplies: Vec<Supply>,
    ties: Vec<Tie>,
    /// Members of each segment: (organisation, membership) indexes.
    by_segment: HashMap<String, Vec<(u32, usize)>>,
}

impl ChainGraph {
    /// Reads the chain's graph: the reference data, its members, what outside organisations
    /// supply them, and those outside organisations.
    pub async fn read(db: &Db, chain: ChainId) -> Result<Self, DbError> {
        let mut regions = HashMap::new();
        let mut segments = HashMap::new();
        for row in db.rows(query(REFERENCE)).await? {
            match row.get::<String>("kind")?.as_str() {
                "region" => {
                    let r: Region = row.get("row")?;
                    regions.insert(r.code.clone(), r);
                }
                _ => {
                    let s: Segment = row.get("row")?;
                    segments.insert(s.id.clone(), s);
                }
            }
        }
        let supplies_type = RelKind::Supplies.rel_type();
        let q = query(MEMBERS)
            .param("chain", chain.as_str())
            .param("supplies", supplies_type)
            .param("types", tie_types());
        type MemberRow = (OrgRow, Vec<MembershipRow>, Vec<SupplyRow>, Vec<TieRow>);
        let rows: Vec<MemberRow> = db
            .each(q, |r| {
                Ok((
                    r.get("org")?,
                    r.get("memberships")?,
                    r.get("supplies")?,
                    r.get("ties")?,
                ))
            })
            .await?;
        let ids: Vec<String> = rows.iter().map(|(o, ..)| o.id.clone()).collect();
        let q = query(OUTSIDE_SUPPLIES)
            .param("ids", ids)
            .param("supplies", supplies_type);
        let outside: Vec<OutsideSupply> = db.column(q, "supply").await?;
        let mut builder = Builder::new(chain, regions, segments);
        for (org, memberships, ..) in &rows {
            builder.org(org.clone(), memberships.clone());
        }
        let members = builder.orgs.len();
        let mut wanted: Vec<String> = rows
            .iter()
            .flat_map(|(_, _, supplies, _)| supplies.iter().map(|s| &s.0))
            .chain(outside.iter().map(|s| &s.supplier))
            .filter(|id| !builder.index.contains_key(id.as_str()))
            .cloned()
            .collect();
        wanted.sort();
        wanted.dedup();
        if !wanted.is_empty() {
            let q = query(NEIGHBOURS).param("ids", wanted);
            let neighbours: Vec<(OrgRow, Vec<MembershipRow>)> = db
                .each(q, |r| Ok((r.get("org")?, r.get("memberships")?)))
                .await?;
            for (org, memberships) in neighbours {
                builder.org(org, memberships);
            }
        }
        for (org, _, supplies, ties) in rows {
            for (customer, product, year, valid_from, valid_to) in supplies {
                let years = Years {
                    year,
                    valid_from,
                    valid_to,
                };
                builder.supply(&org.id, &customer, product, years);
            }
            for tie in ties {
                builder.tie(&org.id, tie);
            }
        }
        for s in outside {
            builder.supply(&s.supplier, &s.customer, s.product, s.years);
        }
        Ok(builder.finish(members))
    }

    /// The region's Chinese name; none for a code the graph does not know.
    pub fn region_name(&self, code: &str) -> Option<&str> {
        self.regions.get(code).map(|r| r.name_zh.as_str())
    }

    /// The codes of `target` and of every region within `SUBTREE_DEPTH` below it.
    fn subtree(&self, target: &str) -> HashSet<&str> {
        self.regions
            .keys()
            .filter(|code| self.reaches(code, target))
            .map(String::as_str)
            .collect()
    }

    fn reaches(&self, from: &str, target: &str) -> bool {
        let mut frontier = vec![from];
        for depth in 0..=SUBTREE_DEPTH {
            if frontier.contains(&target) {
                return true;
            }
            if depth == SUBTREE_DEPTH {
                break;
            }
            frontier = frontier
                .iter()
                .filter_map(|c| self.regions.get(*c))
                .flat_map(|r| r.part_of.iter().chain(&r.also_part_of))
                .map(String::as_str)
                .collect();
        }
        false
    }

    /// The first region of `level` up the PART_OF tree from `code`, within `depth` steps.
    fn ancestor(&self, code: &str, level: &str, depth: usize) -> Option<&Region> {
        let mut here = self.regions.get(code)?;
        for step in 0..=depth {
            if here.level.as_deref() == Some(level) {
                return Some(here);
            }
            if step == depth {
                break;
            }
            here = here.part_of.first().and_then(|p| self.regions.get(p))?;
        }
        None
    }

    /// The rows of the chain at `level`: each link counting its sub-links' firms, or each link
    /// (for the firms placed in it alone) followed by its sub-links.
    fn rows(&self, level: LinkLevel) -> Vec<Row<'_>> {
        let mut rows = Vec::new();
        for link in self.links.iter().filter_map(|id| self.segments.get(id)) {
            let mut subs: Vec<&Segment> = self
                .segments
                .values()
                .filter(|s| s.parent.as_deref() == Some(link.id.as_str()))
                .collect();
            subs.sort_by(|a, b| a.order().cmp(&b.order()));
            match level {
                LinkLevel::Link => {
                    let mut counted = vec![link];
                    counted.extend(subs);
                    rows.push(Row {
                        segment: link,
                        counted,
                    });
                }
                LinkLevel::SubLink => {
                    rows.push(Row {
                        segment: link,
                        counted: vec![link],
                    });
                    rows.extend(subs.into_iter().map(|s| Row {
                        segment: s,
                        counted: vec![s],
                    }));
                }
            }
        }
        rows.sort_by(|a, b| a.segment.order().cmp(&b.segment.order()));
        rows
    }

    /// Every link (or sub-link) of the chain in order with the enterprises operating in it that
    /// `which` keeps and whose membership holds in `as_of` (else this year): their place, and
    /// whether they lie in the target's subtree. A firm counted through several segments of a
    /// row is listed once, as leader if it leads in any.
    pub fn link_firms(
        &self,
        target: &str,
        which: Provenance,
        as_of: Option<i64>,
        level: LinkLevel,
    ) -> Vec<LinkFirms> {
        let year = as_of.unwrap_or_else(this_year);
        let codes = self.subtree(target);
        self.rows(level)
            .into_iter()
            .map(|row| {
                let mut roles: BTreeMap<&str, (u32, Vec<&str>)> = BTreeMap::new();
                for s in &row.counted {
                    for &(o, m) in self.by_segment.get(&s.id).into_iter().flatten() {
                        let org = &self.orgs[o as usize];
                        let membership = &org.memberships[m];
                        let kept = org.is_enterprise()
                            && which.verified.is_none_or(|v| org.row.verified == Some(v))
                            && org.kept(which.synthetic)
                            && membership.holds_in(year);
                        if kept {
                            let entry = roles.entry(&org.row.id).or_insert((o, Vec::new()));
                            entry.1.extend(membership.role.as_deref());
                        }
                    }
                }
                let firms = roles
                    .into_values()
                    .map(|(o, roles)| {
                        let role = if roles.contains(&"leader") {
                            Some("leader")
                        } else {
                            roles.first().copied()
                        };
                        self.link_firm(&self.orgs[o as usize], role, &codes)
                    })
                    .collect();
                LinkFirms {
                    link: row.segment.info(),
                    firms,
                }
            })
            .collect()
    }

    fn link_firm(&self, org: &Org, role: Option<&str>, codes: &HashSet<&str>) -> LinkFirm {
        let code = org.row.region_code.as_deref();
        let province = code.and_then(|c| self.ancestor(c, "province", 3));
        let city = code.and_then(|c| self.ancestor(c, "city", 2));
        LinkFirm {
            id: org.row.id.clone(),
            name_zh: org.row.name_zh.clone(),
            name_en: org.row.name_en.clone(),
            region_code: org.row.region_code.clone(),
            province: province.map(|p| p.code.clone()),
            city: city.or(province).map(|c| c.code.clone()),
            city_name: city.or(province).map(|c| c.name_zh.clone()),
            role: role.map(str::to_owned),
            tags: org.row.tags.clone(),
            scale: org.row.scale.clone(),
            verified: org.row.verified.unwrap_or(false),
            in_target: code.is_some_and(|c| codes.contains(c)),
        }
    }

    /// The target region's enterprises in each link (or sub-link) that have suppliers from the
    /// links feeding it, in the chain's order and by id: a supplier feeds the firm when one of
    /// its segments — or that segment's link — FEEDS the segment the firm is placed in or that
    /// segment's link. Suppliers are grouped (relationships counted, the first product named)
    /// and listed by id. Memberships count whatever their years; supplies only when they held
    /// in `as_of`; `synthetic` keeps only real or only synthetic firms and suppliers.
    pub fn target_suppliers(
        &self,
        target: &str,
        synthetic: Option<bool>,
        as_of: Option<i64>,
        level: LinkLevel,
    ) -> Vec<FedFirm> {
        let codes = self.subtree(target);
        let mut out: Vec<(&Segment, FedFirm)> = Vec::new();
        for row in self.rows(LinkLevel::Link) {
            let link = row.segment;
            let link_index = self.chain_index(&link.id);
            // (reported segment, firm) → the segments the firm is placed in under it.
            let mut placed: BTreeMap<(&str, u32), (&Segment, Vec<usize>)> = BTreeMap::new();
            for s in &row.counted {
                for &(o, _) in self.by_segment.get(&s.id).into_iter().flatten() {
                    let org = &self.orgs[o as usize];
                    let in_target = org
                        .row
                        .region_code
                        .as_deref()
                        .is_some_and(|c| codes.contains(c));
                    if !(org.is_enterprise() && in_target && org.kept(synthetic)) {
                        continue;
                    }
                    let reported = match level {
                        LinkLevel::Link => link,
                        LinkLevel::SubLink => s,
                    };
                    let entry = placed
                        .entry((reported.id.as_str(), o))
                        .or_insert((reported, Vec::new()));
                    entry.1.extend(self.chain_index(&s.id));
                }
            }
            for ((_, o), (reported, mut fed)) in placed {
                fed.extend(link_index);
                let suppliers = self.suppliers_of(o, &fed, &codes, synthetic, as_of);
                if !suppliers.is_empty() {
                    let fed = FedFirm {
                        link: reported.id.clone(),
                        firm: self.orgs[o as usize].row.id.clone(),
                        suppliers,
                    };
                    out.push((reported, fed));
                }
            }
        }
        out.sort_by(|(a, x), (b, y)| a.order().cmp(&b.order()).then_with(|| x.firm.cmp(&y.firm)));
        out.into_iter().map(|(_, fed)| fed).collect()
    }

    fn suppliers_of(
        &self,
        customer: u32,
        fed: &[usize],
        codes: &HashSet<&str>,
        synthetic: Option<bool>,
        as_of: Option<i64>,
    ) -> Vec<SupplierRow> {
        let mut grouped: BTreeMap<&str, SupplierRow> = BTreeMap::new();
        for &i in &self.orgs[customer as usize].supplied {
            let supply = &self.supplies[i as usize];
            let sup = &self.orgs[supply.supplier as usize];
            let feeds = fed.iter().any(|s| sup.feeds.contains(s));
            if !(feeds && sup.kept(synthetic) && supply.years.hold_in(as_of)) {
                continue;
            }
            let row = grouped.entry(&sup.row.id).or_insert_with(|| SupplierRow {
                id: sup.row.id.clone(),
                name_zh: sup.row.name_zh.clone(),
                region_code: sup.row.region_code.clone(),
                product: None,
                relationships: 0,
                in_target: sup
                    .row
                    .region_code
                    .as_deref()
                    .is_some_and(|c| codes.contains(c)),
            });
            row.relationships += 1;
            if row.product.is_none() {
                row.product = supply.product.clone();
            }
        }
        grouped.into_values().collect()
    }

    /// For each candidate (a member's id): its distinct customers that `synthetic` keeps, in the
    /// target and anywhere, the chain leaders among the first, and whether an R&D source of the
    /// `origin` province transferred technology to it or incubated it — counting only
    /// relationships that held in `as_of`.
    pub fn lead_facts(
        &self,
        ids: &[&str],
        target: &str,
        origin: &str,
        synthetic: Option<bool>,
        as_of: Option<i64>,
    ) -> HashMap<String, LeadFacts> {
        let codes = self.subtree(target);
        let origin_province = origin.get(..2);
        ids.iter()
            .filter_map(|id| self.index.get(*id).map(|&o| (*id, o)))
            .map(|(id, o)| {
                let customers: HashSet<u32> = self.orgs[o as usize]
                    .supplies
                    .iter()
                    .map(|&i| &self.supplies[i as usize])
                    .filter(|s| {
                        s.years.hold_in(as_of) && self.orgs[s.customer as usize].kept(synthetic)
                    })
                    .map(|s| s.customer)
                    .collect();
                let mut facts = LeadFacts {
                    customers_total: customers.len() as i64,
                    ..LeadFacts::default()
                };
                for c in customers {
                    let c = &self.orgs[c as usize].row;
                    if c.region_code.as_deref().is_some_and(|r| codes.contains(r)) {
                        facts.customers += 1;
                        if c.tags.iter().any(|t| t == "chain_leader") {
                            facts.leaders += 1;
                        }
                    }
                }
                facts.origin_rd = self.ties.iter().any(|t| {
                    t.target == o
                        && matches!(
                            t.kind,
                            Some(RelKind::TransfersTechnology | RelKind::Incubates)
                        )
                        && t.source_kind.as_deref() == Some(OrgKind::RdSource.as_str())
                        && t.source_region.as_deref().and_then(|r| r.get(..2)) == origin_province
                        && origin_province.is_some()
                        && t.years.hold_in(as_of)
                });
                (id.to_owned(), facts)
            })
            .collect()
    }

    /// The chain's supply network: (customer, supplier, relationships) for every pair of
    /// members that `synthetic` keeps, counting supplies that held in `as_of`.
    pub fn supply_network(
        &self,
        synthetic: Option<bool>,
        as_of: Option<i64>,
    ) -> Vec<(&str, &str, i64)> {
        let mut pairs: HashMap<(u32, u32), i64> = HashMap::new();
        for s in self.member_supplies(synthetic, as_of) {
            *pairs.entry((s.customer, s.supplier)).or_insert(0) += 1;
        }
        let mut out: Vec<(&str, &str, i64)> = pairs
            .into_iter()
            .map(|((c, s), n)| {
                (
                    self.orgs[c as usize].row.id.as_str(),
                    self.orgs[s as usize].row.id.as_str(),
                    n,
                )
            })
            .collect();
        out.sort();
        out
    }

    fn member_supplies(
        &self,
        synthetic: Option<bool>,
        as_of: Option<i64>,
    ) -> impl Iterator<Item = &Supply> {
        let members = self.members as u32;
        self.supplies.iter().filter(move |s| {
            s.supplier < members
                && s.customer < members
                && self.orgs[s.supplier as usize].kept(synthetic)
                && self.orgs[s.customer as usize].kept(synthetic)
                && s.years.hold_in(as_of)
        })
    }

    /// How many relationships between two of its organisations (of every type between
    /// organisations) each member has, counted at both ends, and how many there are in all.
    pub fn in_chain_relationships(
        &self,
        synthetic: Option<bool>,
        as_of: Option<i64>,
    ) -> (HashMap<String, usize>, usize) {
        let mut ends: HashMap<u32, usize> = HashMap::new();
        let mut total = 0;
        let mut count = |a: u32, b: u32| {
            *ends.entry(a).or_insert(0) += 1;
            *ends.entry(b).or_insert(0) += 1;
            total += 1;
        };
        for s in self.member_supplies(synthetic, as_of) {
            count(s.supplier, s.customer);
        }
        for t in &self.ties {
            let Some(source) = t.source.filter(|&s| (s as usize) < self.members) else {
                continue;
            };
            let kept = synthetic.is_none_or(|s| t.source_synthetic == s)
                && self.orgs[t.target as usize].kept(synthetic)
                && t.years.hold_in(as_of);
            if kept {
                count(source, t.target);
            }
        }
        let per_firm = ends
            .into_iter()
            .map(|(o, n)| (self.orgs[o as usize].row.id.clone(), n))
            .collect();
        (per_firm, total)
    }

    fn chain_index(&self, segment: &str) -> Option<usize> {
        self.chain_segments.iter().position(|s| s == segment)
    }

    /// Roughly what the graph holds in memory, for the cache's byte bound.
    pub fn approximate_bytes(&self) -> usize {
        let org: usize = self
            .orgs
            .iter()
            .map(|o| {
                std::mem::size_of::<Org>()
                    + o.row.id.len() * 2
                    + o.row.name_zh.len()
                    + o.row.name_en.as_ref().map_or(0, String::len)
                    + o.row.tags.iter().map(|t| t.len() + 24).sum::<usize>()
                    + o.memberships.len() * (std::mem::size_of::<Membership>() + 24)
                    + (o.supplies.len() + o.supplied.len()) * 4
                    + o.feeds.len() * 8
            })
            .sum();
        let supplies: usize = self
            .supplies
            .iter()
            .map(|s| std::mem::size_of::<Supply>() + s.product.as_ref().map_or(0, String::len))
            .sum();
        org + supplies + self.ties.len() * std::mem::size_of::<Tie>()
    }

    pub fn counts(&self) -> (usize, usize) {
        (self.members, self.supplies.len())
    }
}

/// The other relationship types the graph keeps (`Tie`): every type between organisations but
/// supplies, which it keeps apart.
fn tie_types() -> Vec<&'static str> {
    RelKind::BETWEEN_ORGANISATIONS
        .iter()
        .filter(|k| **k != RelKind::Supplies)
        .map(|k| k.rel_type())
        .collect()
}

/// The year now, by the service's clock (the Cypher it replaces used the database's).
fn this_year() -> i64 {
    use chrono::Datelike;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(secs, 0).map_or(1970, |t| i64::from(t.year()))
}

/// Assembles a `ChainGraph` from its rows.
struct Builder {
    chain: ChainId,
    regions: HashMap<String, Region>,
    segments: HashMap<String, Segment>,
    chain_segments: Vec<String>,
    orgs: Vec<Org>,
    index: HashMap<String, u32>,
    supplies: Vec<Supply>,
    ties: Vec<Tie>,
}

impl Builder {
    fn new(
        chain: ChainId,
        regions: HashMap<String, Region>,
        segments: HashMap<String, Segment>,
    ) -> Self {
        let mut chain_segments: Vec<String> = segments
            .values()
            .filter(|s| {
                let link = s
                    .parent
                    .as_deref()
                    .and_then(|p| segments.get(p))
                    .unwrap_or(s);
                link.chain.as_deref() == Some(chain.as_str())
            })
            .map(|s| s.id.clone())
            .collect();
        chain_segments.sort();
        Builder {
            chain,
            regions,
            segments,
            chain_segments,
            orgs: Vec::new(),
            index: HashMap::new(),
            supplies: Vec::new(),
            ties: Vec::new(),
        }
    }

    fn org(&mut self, row: OrgRow, memberships: Vec<MembershipRow>) {
        if self.index.contains_key(&row.id) {
            return;
        }
        let memberships: Vec<Membership> =
            memberships.into_iter().map(Membership::from_row).collect();
        // What its segments, or their links, feed in this chain.
        let mut feeds: Vec<usize> = memberships
            .iter()
            .filter_map(|m| self.segments.get(&m.segment))
            .flat_map(|x| {
                let link = x.parent.as_deref().and_then(|p| self.segments.get(p));
                x.feeds
                    .iter()
                    .chain(link.into_iter().flat_map(|l| &l.feeds))
            })
            .filter_map(|y| self.chain_segments.iter().position(|s| s == y))
            .collect();
        feeds.sort_unstable();
        feeds.dedup();
        self.index.insert(row.id.clone(), self.orgs.len() as u32);
        self.orgs.push(Org {
            row,
            memberships,
            feeds,
            supplies: Vec::new(),
            supplied: Vec::new(),
        });
    }

    fn supply(&mut self, supplier: &str, customer: &str, product: Option<String>, years: Years) {
        let (Some(&s), Some(&c)) = (self.index.get(supplier), self.index.get(customer)) else {
            // An end deleted between the reads: the next version's graph has it right.
            return;
        };
        let i = self.supplies.len() as u32;
        self.supplies.push(Supply {
            supplier: s,
            customer: c,
            product,
            years,
        });
        self.orgs[s as usize].supplies.push(i);
        self.orgs[c as usize].supplied.push(i);
    }

    fn tie(&mut self, target: &str, row: TieRow) {
        let (source, rel_type, source_kind, source_region, source_synthetic, year, from, to) = row;
        let Some(&target) = self.index.get(target) else {
            return;
        };
        self.ties.push(Tie {
            source: self.index.get(&source).copied(),
            kind: RelKind::from_rel_type(&rel_type),
            source_kind,
            source_region,
            source_synthetic,
            target,
            years: Years {
                year,
                valid_from: from,
                valid_to: to,
            },
        });
    }

    fn finish(self, members: usize) -> ChainGraph {
        let mut by_segment: HashMap<String, Vec<(u32, usize)>> = HashMap::new();
        for (o, org) in self.orgs.iter().enumerate().take(members) {
            for (m, membership) in org.memberships.iter().enumerate() {
                if self.chain_segments.contains(&membership.segment) {
                    by_segment
                        .entry(membership.segment.clone())
                        .or_default()
                        .push((o as u32, m));
                }
            }
        }
        let mut links: Vec<&Segment> = self
            .segments
            .values()
            .filter(|s| s.chain.as_deref() == Some(self.chain.as_str()))
            .collect();
        links.sort_by(|a, b| a.order().cmp(&b.order()));
        let links = links.into_iter().map(|s| s.id.clone()).collect();
        ChainGraph {
            chain: self.chain,
            regions: self.regions,
            segments: self.segments,
            links,
            chain_segments: self.chain_segments,
            orgs: self.orgs,
            members,
            index: self.index,
            supplies: self.supplies,
            ties: self.ties,
            by_segment,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relationship_holds_from_its_year_until_it_ends() {
        let years = |year, valid_from, valid_to| Years {
            year,
            valid_from,
            valid_to,
        };
        assert!(years(None, None, None).hold_in(None));
        assert!(
            !years(None, None, None).hold_in(Some(2024)),
            "no year known"
        );
        assert!(years(Some(2020), None, None).hold_in(Some(2024)));
        assert!(!years(Some(2025), None, None).hold_in(Some(2024)));
        assert!(years(None, Some(2020), Some(2024)).hold_in(Some(2024)));
        assert!(!years(None, Some(2020), Some(2023)).hold_in(Some(2024)));
    }
}
