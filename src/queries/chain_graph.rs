//! One chain's graph, read once per version of its data and held in memory: every organisation
//! operating in the chain with its memberships, the supply relationships that reach or leave
//! them, the other relationships that reach them, and the reference data (regions, segments and
//! their feeds). The chain map and the three lists — for any target region, level, year and
//! provenance — are computed from it in Rust, so one read of the chain (about a second at the
//! region's size) serves every answer about it, where each answer used to cost several
//! whole-chain queries of its own. The rules themselves live in `chain_map` and `lists`; this
//! module answers the questions those rules ask, as the Cypher it replaces answered them.
//!
//! A write to the chain need not mean reading it whole again: each version move names the
//! organisations it touched (`cypher/history/bump.cypher`), and `patched` reads only those —
//! their row, memberships and relationships — into a copy of the graph (organisations are shared
//! between the copies, so a copy costs little more than its relationship lists).

use std::any::{Any, TypeId};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use neo4rs::query;
use serde::Deserialize;

use super::chain_map::{LinkFirm, LinkFirms, LinkInfo};
use crate::db::{Db, DbError};
use crate::domain::{
    ChainId, LinkLevel, OrgKind, Provenance, RelKind, Scale, SegmentRole, Stage, Tag,
};

const REFERENCE: &str = include_str!("../../cypher/queries/chain_graph/reference.cypher");
const MEMBERS: &str = include_str!("../../cypher/queries/chain_graph/members.cypher");
const OUTSIDE_SUPPLIES: &str =
    include_str!("../../cypher/queries/chain_graph/outside_supplies.cypher");
const NEIGHBOURS: &str = include_str!("../../cypher/queries/chain_graph/neighbours.cypher");
const PATCH: &str = include_str!("../../cypher/queries/chain_graph/patch.cypher");

/// How far down the region tree a target's subtree reaches (province → city → district, and a
/// new area's counties), as the Cypher `PART_OF|ALSO_PART_OF*0..3` did.
const SUBTREE_DEPTH: usize = 3;

/// When a relationship held: its year (or `valid_from`) and, if it ended, `valid_to`.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct Years {
    year: Option<i32>,
    valid_from: Option<i32>,
    valid_to: Option<i32>,
}

impl Years {
    /// Known to hold in `as_of` (always, without a year): begun by then and not ended before.
    /// One with neither a year nor `valid_from` is not known to hold in any given year.
    pub fn hold_in(&self, as_of: Option<i64>) -> bool {
        let Some(year) = as_of else { return true };
        self.year
            .or(self.valid_from)
            .is_some_and(|y| i64::from(y) <= year)
            && self.valid_to.is_none_or(|to| i64::from(to) >= year)
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

#[derive(Debug, Clone, Default, Deserialize)]
struct OrgRow {
    id: String,
    kind: Option<String>,
    name_zh: String,
    name_en: Option<String>,
    region_code: Option<String>,
    scale: Option<Scale>,
    verified: Option<bool>,
    tags: Vec<Tag>,
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

type MembershipRow = (String, Option<SegmentRole>, Option<i64>, Option<i64>);
type SupplyRow = (
    String,
    Option<String>,
    Option<i32>,
    Option<i32>,
    Option<i32>,
);
/// The organisation at the other end, the relationship type and its years.
type TieRow = (String, String, Option<i32>, Option<i32>, Option<i32>);

#[derive(Debug, Clone)]
struct Membership {
    segment: String,
    role: Option<SegmentRole>,
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
    /// It operates in the chain (rather than only at the other end of a member's supplies).
    member: bool,
    memberships: Vec<Membership>,
    /// Segments of this chain (indexes into `Reference::chain_segments`) that the
    /// organisation's own segments, or their links, feed.
    feeds: Vec<usize>,
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
    /// An index into `ChainGraph::products`: the same product names recur across thousands of
    /// supplies.
    product: Option<u32>,
    years: Years,
}

/// A relationship of another type reaching a member.
#[derive(Debug, Clone)]
struct Tie {
    source: u32,
    kind: Option<RelKind>,
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

/// The reference data a chain's graph is read against, and the chain's own segments in it.
struct Reference {
    regions: HashMap<String, Region>,
    segments: HashMap<String, Segment>,
    /// The chain's links, in order.
    links: Vec<String>,
    /// The chain's segments (links and sub-links), whose indexes `Org::feeds` holds.
    chain_segments: Vec<String>,
}

#[derive(Clone)]
pub struct ChainGraph {
    pub chain: ChainId,
    reference: Arc<Reference>,
    /// Members, and the organisations at the other end of their relationships. Shared with the
    /// graph this one was patched from, but for those the patch read again.
    orgs: Vec<Arc<Org>>,
    /// Whether an organisation's own row has been read (one named only by a relationship waits
    /// for it; one deleted meanwhile is never filled).
    filled: Vec<bool>,
    index: Arc<HashMap<String, u32>>,
    supplies: Vec<Supply>,
    products: Arc<Vec<String>>,
    product_index: Arc<HashMap<String, u32>>,
    ties: Vec<Tie>,
    /// Rebuilt from the above after every read or patch (`index`).
    links: Arc<Links>,
    derived: Arc<Mutex<HashMap<(TypeId, u64), Shared>>>,
    /// Values computed from the supply network, kept across patches with the network's
    /// fingerprint: most writes (an edit, a membership) leave the network as it was.
    by_network: Arc<Mutex<HashMap<NetworkKey, (u64, Shared)>>>,
    /// Patches since the graph was read whole.
    pub patches: usize,
}

/// Who is linked to whom: what the queries walk, rebuilt from the organisations and
/// relationships after every read or patch.
#[derive(Default)]
struct Links {
    /// Indexes into `supplies`, by supplier and by customer.
    supplies: Adjacency,
    supplied: Adjacency,
    /// Indexes into `ties`, by target.
    ties: Adjacency,
    /// Members of each segment: (organisation, membership) indexes.
    by_segment: HashMap<String, Vec<(u32, usize)>>,
    members: usize,
}

/// Indexes grouped by organisation in two flat arrays (a graph's worth of small vectors would be
/// tens of thousands of allocations, made again with every patch).
#[derive(Default)]
struct Adjacency {
    /// Where each organisation's indexes start in `items` (one more entry than organisations).
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Adjacency {
    /// `pairs` of (organisation, index) for `n` organisations.
    fn build(n: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Self {
        let mut starts = vec![0u32; n + 1];
        for (o, _) in pairs.clone() {
            starts[o as usize + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut items = vec![0u32; starts[n] as usize];
        for (o, i) in pairs {
            items[next[o as usize] as usize] = i;
            next[o as usize] += 1;
        }
        Adjacency { starts, items }
    }

    fn of(&self, o: u32) -> &[u32] {
        match (self.starts.get(o as usize), self.starts.get(o as usize + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// How many derived values a graph keeps before it drops them all.
const DERIVED_KEPT: usize = 16;

/// What a value computed from the supply network is (its type) and which records and year it
/// counts.
type NetworkKey = (TypeId, Option<bool>, Option<i64>);
type Shared = Arc<dyn Any + Send + Sync>;

impl ChainGraph {
    /// Reads the chain's graph whole: the reference data, its members, what outside
    /// organisations supply them, and the organisations at the other end of all that. Rows go
    /// into the graph as they arrive.
    pub async fn read(db: &Db, chain: ChainId) -> Result<Self, DbError> {
        let reference = Reference::read(db, chain).await?;
        let mut graph = ChainGraph::empty(chain, reference);
        let q = query(MEMBERS)
            .param("chain", chain.as_str())
            .param("supplies", RelKind::Supplies.rel_type())
            .param("types", tie_types());
        db.each(q, |r| {
            let org: OrgRow = r.get("org")?;
            let id = org.id.clone();
            graph.fill(org, r.get("memberships")?, true);
            let supplies: Vec<SupplyRow> = r.get("supplies")?;
            for (customer, product, year, valid_from, valid_to) in supplies {
                let years = Years {
                    year,
                    valid_from,
                    valid_to,
                };
                graph.add_supply(&id, &customer, product, years);
            }
            let ties: Vec<TieRow> = r.get("ties")?;
            for tie in ties {
                let source = tie.0.clone();
                graph.add_tie(&source, &id, tie);
            }
            Ok(())
        })
        .await?;
        let q = query(OUTSIDE_SUPPLIES)
            .param("ids", graph.member_ids())
            .param("supplies", RelKind::Supplies.rel_type());
        db.each(q, |r| {
            let s: OutsideSupply = r.get("supply")?;
            graph.add_supply(&s.supplier, &s.customer, s.product, s.years);
            Ok(())
        })
        .await?;
        graph.fill_neighbours(db).await?;
        graph.index_links();
        Ok(graph)
    }

    /// A copy of the graph with the organisations `ids` read again — their row, memberships,
    /// supplies both ways and ties both ways — after writes that touched them and nothing else
    /// the graph holds.
    pub async fn patched(&self, db: &Db, ids: &[String]) -> Result<Self, DbError> {
        let mut graph = self.clone();
        graph.derived = Arc::default();
        graph.patches += 1;
        let touched: HashSet<u32> = ids.iter().map(|id| graph.place(id)).collect();
        // What they had goes: what they have now is read below.
        graph
            .supplies
            .retain(|s| !touched.contains(&s.supplier) && !touched.contains(&s.customer));
        graph
            .ties
            .retain(|t| !touched.contains(&t.source) && !touched.contains(&t.target));
        for &o in &touched {
            // A record deleted meanwhile stays unfilled, with nothing attached.
            let org = Arc::make_mut(&mut graph.orgs[o as usize]);
            org.member = false;
            org.memberships.clear();
            graph.filled[o as usize] = false;
        }
        graph.index_links();
        let q = query(PATCH)
            .param("ids", ids.to_vec())
            .param("chain", self.chain.as_str())
            .param("supplies", RelKind::Supplies.rel_type())
            .param("types", tie_types());
        let rows: Vec<PatchRow> = db
            .each(q, |r| {
                Ok(PatchRow {
                    org: r.get("org")?,
                    member: r.get("member")?,
                    memberships: r.get("memberships")?,
                    supplies: r.get("supplies")?,
                    supplied: r.get("supplied")?,
                    ties_in: r.get("ties_in")?,
                    ties_out: r.get("ties_out")?,
                })
            })
            .await?;
        for row in &rows {
            graph.fill(row.org.clone(), row.memberships.clone(), row.member);
        }
        for row in rows {
            graph.attach(row, ids);
        }
        graph.fill_neighbours(db).await?;
        graph.index_links();
        Ok(graph)
    }

    /// A re-read organisation's supplies and ties, each once: one between two re-read
    /// organisations comes with the supplier's (or source's) row.
    fn attach(&mut self, row: PatchRow, ids: &[String]) {
        let id = &row.org.id;
        for (customer, product, year, valid_from, valid_to) in row.supplies {
            let years = Years {
                year,
                valid_from,
                valid_to,
            };
            self.add_supply(id, &customer, product, years);
        }
        // A supply between two of them comes once, as the supplier's.
        for (supplier, product, year, valid_from, valid_to) in row.supplied {
            if !ids.contains(&supplier) {
                let years = Years {
                    year,
                    valid_from,
                    valid_to,
                };
                self.add_supply(&supplier, id, product, years);
            }
        }
        if row.member {
            for tie in row.ties_in {
                let source = tie.0.clone();
                self.add_tie(&source, id, tie);
            }
        }
        for tie in row.ties_out {
            let to_member = self
                .index
                .get(&tie.0)
                .is_some_and(|&t| self.orgs[t as usize].member);
            if to_member && !ids.contains(&tie.0) {
                let target = tie.0.clone();
                self.add_tie(id, &target, tie);
            }
        }
    }

    fn empty(chain: ChainId, reference: Reference) -> Self {
        ChainGraph {
            chain,
            reference: Arc::new(reference),
            orgs: Vec::new(),
            filled: Vec::new(),
            index: Arc::default(),
            supplies: Vec::new(),
            products: Arc::default(),
            product_index: Arc::default(),
            ties: Vec::new(),
            links: Arc::default(),
            derived: Arc::default(),
            by_network: Arc::default(),
            patches: 0,
        }
    }

    /// The organisation's place, made if it has none yet (filled when its row is read).
    fn place(&mut self, id: &str) -> u32 {
        if let Some(&o) = self.index.get(id) {
            return o;
        }
        let o = self.orgs.len() as u32;
        self.orgs.push(Arc::new(Org {
            row: OrgRow {
                id: id.to_owned(),
                ..OrgRow::default()
            },
            member: false,
            memberships: Vec::new(),
            feeds: Vec::new(),
        }));
        self.filled.push(false);
        Arc::make_mut(&mut self.index).insert(id.to_owned(), o);
        o
    }

    fn fill(&mut self, row: OrgRow, memberships: Vec<MembershipRow>, member: bool) {
        let o = self.place(&row.id) as usize;
        let memberships: Vec<Membership> =
            memberships.into_iter().map(Membership::from_row).collect();
        let feeds = self.reference.feeds(&memberships);
        self.orgs[o] = Arc::new(Org {
            row,
            member,
            memberships,
            feeds,
        });
        self.filled[o] = true;
    }

    fn add_supply(
        &mut self,
        supplier: &str,
        customer: &str,
        product: Option<String>,
        years: Years,
    ) {
        let (s, c) = (self.place(supplier), self.place(customer));
        let product = product.map(|p| match self.product_index.get(&p) {
            Some(&i) => i,
            None => {
                let i = self.products.len() as u32;
                Arc::make_mut(&mut self.product_index).insert(p.clone(), i);
                Arc::make_mut(&mut self.products).push(p);
                i
            }
        });
        self.supplies.push(Supply {
            supplier: s,
            customer: c,
            product,
            years,
        });
    }

    fn add_tie(&mut self, source: &str, target: &str, row: TieRow) {
        let (_, rel_type, year, valid_from, valid_to) = row;
        let (source, target) = (self.place(source), self.place(target));
        self.ties.push(Tie {
            source,
            kind: RelKind::from_rel_type(&rel_type),
            target,
            years: Years {
                year,
                valid_from,
                valid_to,
            },
        });
    }

    fn member_ids(&self) -> Vec<String> {
        self.orgs
            .iter()
            .filter(|o| o.member)
            .map(|o| o.row.id.clone())
            .collect()
    }

    /// Reads the rows of the organisations named by a relationship but not read yet.
    async fn fill_neighbours(&mut self, db: &Db) -> Result<(), DbError> {
        let referenced: HashSet<u32> = self
            .supplies
            .iter()
            .flat_map(|s| [s.supplier, s.customer])
            .chain(self.ties.iter().flat_map(|t| [t.source, t.target]))
            .collect();
        let wanted: Vec<String> = referenced
            .into_iter()
            .filter(|&o| !self.filled[o as usize])
            .map(|o| self.orgs[o as usize].row.id.clone())
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let q = query(NEIGHBOURS).param("ids", wanted);
        db.each(q, |r| {
            self.fill(r.get("org")?, r.get("memberships")?, false);
            Ok(())
        })
        .await?;
        // What points at an organisation deleted between the reads goes; the next version's
        // graph has the rest right.
        let filled = &self.filled;
        self.supplies
            .retain(|s| filled[s.supplier as usize] && filled[s.customer as usize]);
        self.ties
            .retain(|t| filled[t.source as usize] && filled[t.target as usize]);
        Ok(())
    }

    fn index_links(&mut self) {
        let n = self.orgs.len();
        let supplies = self.supplies.iter().enumerate();
        let mut links = Links {
            supplies: Adjacency::build(n, supplies.clone().map(|(i, s)| (s.supplier, i as u32))),
            supplied: Adjacency::build(n, supplies.map(|(i, s)| (s.customer, i as u32))),
            ties: Adjacency::build(
                n,
                self.ties
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t.target, i as u32)),
            ),
            by_segment: HashMap::new(),
            members: 0,
        };
        for (o, org) in self.orgs.iter().enumerate().filter(|(_, o)| o.member) {
            links.members += 1;
            for (m, membership) in org.memberships.iter().enumerate() {
                if self.reference.chain_segments.contains(&membership.segment) {
                    links
                        .by_segment
                        .entry(membership.segment.clone())
                        .or_default()
                        .push((o as u32, m));
                }
            }
        }
        self.links = Arc::new(links);
    }

    /// The region's Chinese name; none for a code the graph does not know.
    pub fn region_name(&self, code: &str) -> Option<&str> {
        self.reference.regions.get(code).map(|r| r.name_zh.as_str())
    }

    /// The codes of `target` and of every region within `SUBTREE_DEPTH` below it.
    fn subtree(&self, target: &str) -> HashSet<&str> {
        self.reference
            .regions
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
                .filter_map(|c| self.reference.regions.get(*c))
                .flat_map(|r| r.part_of.iter().chain(&r.also_part_of))
                .map(String::as_str)
                .collect();
        }
        false
    }

    /// The first region of `level` up the PART_OF tree from `code`, within `depth` steps.
    fn ancestor(&self, code: &str, level: &str, depth: usize) -> Option<&Region> {
        let mut here = self.reference.regions.get(code)?;
        for step in 0..=depth {
            if here.level.as_deref() == Some(level) {
                return Some(here);
            }
            if step == depth {
                break;
            }
            here = here
                .part_of
                .first()
                .and_then(|p| self.reference.regions.get(p))?;
        }
        None
    }

    /// The rows of the chain at `level`: each link counting its sub-links' firms, or each link
    /// (for the firms placed in it alone) followed by its sub-links.
    fn rows(&self, level: LinkLevel) -> Vec<Row<'_>> {
        let mut rows = Vec::new();
        for link in self
            .reference
            .links
            .iter()
            .filter_map(|id| self.reference.segments.get(id))
        {
            let mut subs: Vec<&Segment> = self
                .reference
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
    /// row is listed once, as leader if it leads in any. Computed once per graph for the map and
    /// the lists alike.
    pub fn link_firms(
        &self,
        target: &str,
        which: Provenance,
        as_of: Option<i64>,
        level: LinkLevel,
    ) -> Arc<Vec<LinkFirms>> {
        self.derived(("link firms", target, which, as_of, level), || {
            self.compute_link_firms(target, which, as_of, level)
        })
    }

    fn compute_link_firms(
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
                let mut roles: BTreeMap<&str, (u32, Vec<SegmentRole>)> = BTreeMap::new();
                for s in &row.counted {
                    for &(o, m) in self.links.by_segment.get(&s.id).into_iter().flatten() {
                        let org = &self.orgs[o as usize];
                        let membership = &org.memberships[m];
                        let kept = org.is_enterprise()
                            && which.verified.is_none_or(|v| org.row.verified == Some(v))
                            && org.kept(which.synthetic)
                            && membership.holds_in(year);
                        if kept {
                            let entry = roles.entry(&org.row.id).or_insert((o, Vec::new()));
                            entry.1.extend(membership.role);
                        }
                    }
                }
                let firms = roles
                    .into_values()
                    .map(|(o, roles)| {
                        let role = if roles.contains(&SegmentRole::Leader) {
                            Some(SegmentRole::Leader)
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

    fn link_firm(&self, org: &Org, role: Option<SegmentRole>, codes: &HashSet<&str>) -> LinkFirm {
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
            role,
            tags: org.row.tags.clone(),
            scale: org.row.scale,
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
                for &(o, _) in self.links.by_segment.get(&s.id).into_iter().flatten() {
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
        for &i in self.links.supplied.of(customer) {
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
            // Of several products, the first by name: the same whatever order the supplies
            // were read in.
            if let Some(p) = supply.product.map(|p| &self.products[p as usize]) {
                if row.product.as_ref().is_none_or(|have| p < have) {
                    row.product = Some(p.clone());
                }
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
                let customers: HashSet<u32> = self
                    .links
                    .supplies
                    .of(o)
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
                        if c.tags.contains(&Tag::ChainLeader) {
                            facts.leaders += 1;
                        }
                    }
                }
                facts.origin_rd = self.links.ties.of(o).iter().any(|&i| {
                    let t = &self.ties[i as usize];
                    let source = &self.orgs[t.source as usize].row;
                    matches!(
                        t.kind,
                        Some(RelKind::TransfersTechnology | RelKind::Incubates)
                    ) && source.kind.as_deref() == Some(OrgKind::RdSource.as_str())
                        && source.region_code.as_deref().and_then(|r| r.get(..2)) == origin_province
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
        self.supplies.iter().filter(move |s| {
            self.orgs[s.supplier as usize].member
                && self.orgs[s.customer as usize].member
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
            let source = &self.orgs[t.source as usize];
            let kept = source.member
                && source.kept(synthetic)
                && self.orgs[t.target as usize].kept(synthetic)
                && t.years.hold_in(as_of);
            if kept {
                count(t.source, t.target);
            }
        }
        let per_firm = ends
            .into_iter()
            .map(|(o, n)| (self.orgs[o as usize].row.id.clone(), n))
            .collect();
        (per_firm, total)
    }

    fn chain_index(&self, segment: &str) -> Option<usize> {
        self.reference
            .chain_segments
            .iter()
            .position(|s| s == segment)
    }

    /// A value computed from the graph for `params` — e.g. the chain's centrality for one
    /// provenance and year, the same for every target region — computed once and kept with it.
    pub fn derived<T: Any + Send + Sync, P: std::hash::Hash>(
        &self,
        params: P,
        compute: impl FnOnce() -> T,
    ) -> Arc<T> {
        use std::hash::Hasher;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        params.hash(&mut hasher);
        let key = (TypeId::of::<T>(), hasher.finish());
        let kept = self
            .derived
            .lock()
            .expect("not poisoned")
            .get(&key)
            .cloned();
        if let Some(value) = kept.and_then(|v| v.downcast::<T>().ok()) {
            return value;
        }
        let value = Arc::new(compute());
        let mut derived = self.derived.lock().expect("not poisoned");
        // Each target's firms is a few MiB: a graph asked many different questions keeps only
        // the latest few.
        if derived.len() >= DERIVED_KEPT {
            derived.clear();
        }
        derived.insert(key, value.clone());
        value
    }

    /// Drops what `derived` kept.
    pub fn forget_derived(&self) {
        self.derived.lock().expect("not poisoned").clear();
    }

    /// A value computed from the chain's supply network for one provenance and year (its
    /// centrality), computed again only when the network changed since the graph it was
    /// patched from computed it.
    pub fn from_network<T: Any + Send + Sync>(
        &self,
        synthetic: Option<bool>,
        as_of: Option<i64>,
        compute: impl FnOnce(&[(&str, &str, i64)]) -> T,
    ) -> Arc<T> {
        use std::hash::{Hash, Hasher};
        let network = self.supply_network(synthetic, as_of);
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        network.hash(&mut hasher);
        let fingerprint = hasher.finish();
        let key = (TypeId::of::<T>(), synthetic, as_of);
        let kept = self
            .by_network
            .lock()
            .expect("not poisoned")
            .get(&key)
            .filter(|(f, _)| *f == fingerprint)
            .map(|(_, v)| v.clone());
        if let Some(value) = kept.and_then(|v| v.downcast::<T>().ok()) {
            return value;
        }
        let value = Arc::new(compute(&network));
        self.by_network
            .lock()
            .expect("not poisoned")
            .insert(key, (fingerprint, value.clone()));
        value
    }

    /// Roughly what the graph holds in memory, for the cache's byte bound: its own parts, and
    /// the organisations as if it shared them with no other graph. Each allocation is counted
    /// with the allocator's overhead (`ALLOCATION`).
    pub fn approximate_bytes(&self) -> usize {
        const ALLOCATION: usize = 32;
        let text = |t: &str| t.len() + ALLOCATION;
        let org: usize = self
            .orgs
            .iter()
            .map(|o| {
                let r = &o.row;
                std::mem::size_of::<Org>()
                    + ALLOCATION
                    + text(&r.id) * 2
                    + text(&r.name_zh)
                    + [&r.name_en, &r.kind, &r.region_code]
                        .iter()
                        .map(|t| t.as_deref().map_or(0, text))
                        .sum::<usize>()
                    + r.tags.capacity() * std::mem::size_of::<Tag>()
                    + o.memberships
                        .iter()
                        .map(|m| std::mem::size_of::<Membership>() + text(&m.segment) + 32)
                        .sum::<usize>()
                    + o.feeds.len() * 8
                    + 3 * (24 + ALLOCATION)
            })
            .sum();
        let supplies = self.supplies.len() * (std::mem::size_of::<Supply>() + 8);
        let products: usize = self.products.iter().map(|p| text(p) * 2 + 24).sum();
        let ties = self.ties.len() * (std::mem::size_of::<Tie>() + 4);
        let segments: usize = self.links.by_segment.values().map(|v| v.len() * 16).sum();
        org + supplies + products + ties + segments
    }

    pub fn counts(&self) -> (usize, usize) {
        (self.links.members, self.supplies.len())
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

/// One organisation's rows, read again for a patch.
struct PatchRow {
    org: OrgRow,
    member: bool,
    memberships: Vec<MembershipRow>,
    supplies: Vec<SupplyRow>,
    supplied: Vec<SupplyRow>,
    ties_in: Vec<TieRow>,
    ties_out: Vec<TieRow>,
}

impl Reference {
    async fn read(db: &Db, chain: ChainId) -> Result<Self, DbError> {
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
        let of_chain = |s: &Segment| {
            let link = s
                .parent
                .as_deref()
                .and_then(|p| segments.get(p))
                .unwrap_or(s);
            link.chain.as_deref() == Some(chain.as_str())
        };
        let mut chain_segments: Vec<String> = segments
            .values()
            .filter(|s| of_chain(s))
            .map(|s| s.id.clone())
            .collect();
        chain_segments.sort();
        let mut links: Vec<&Segment> = segments
            .values()
            .filter(|s| s.chain.as_deref() == Some(chain.as_str()))
            .collect();
        links.sort_by(|a, b| a.order().cmp(&b.order()));
        let links = links.into_iter().map(|s| s.id.clone()).collect();
        Ok(Reference {
            regions,
            segments,
            links,
            chain_segments,
        })
    }

    /// What an organisation's segments, or their links, feed in this chain.
    fn feeds(&self, memberships: &[Membership]) -> Vec<usize> {
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
        feeds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacency_groups_the_indexes_by_organisation_in_order() {
        let a = Adjacency::build(4, [(2, 10), (0, 11), (2, 12), (3, 13)].into_iter());
        assert_eq!(a.of(0), &[11]);
        assert_eq!(a.of(1), &[] as &[u32]);
        assert_eq!(a.of(2), &[10, 12]);
        assert_eq!(a.of(3), &[13]);
        assert_eq!(a.of(9), &[] as &[u32], "an organisation it does not know");
    }

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
