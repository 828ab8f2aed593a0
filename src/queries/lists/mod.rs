//! The three lists (三张清单) of a chain for a target region: bottlenecks (卡点), investment
//! leads (堵点招商) and key enterprises (重点企业).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

mod bottlenecks;
mod centrality;
mod key_enterprises;
mod leads;

pub use bottlenecks::{Bottleneck, Dependency, DependentFirm, Origin, Supplier};
pub use key_enterprises::{Holder, KeyEnterprises, LinkHolders};
pub use leads::{Candidate, InvestmentLead, LeadForm};

use super::chain_graph::ChainGraph;
use super::chain_map::{known_region, standings};
use crate::domain::{ChainId, LinkLevel, Provenance, RegionCode};
use crate::error::Error;
use crate::settings::QuerySettings;

/// Which records the lists count: only real or only synthetic ones (`synthetic`, null = either),
/// and with `as_of` only what held that year: relationships known to hold then (their year or
/// `valid_from` at most it, `valid_to` if any at least it, as the flows count them) and
/// memberships not begun after it nor ended before it (one without years counts). `level` is
/// what a list's links are: the chain's links, or down to their sub-links.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Which {
    pub synthetic: Option<bool>,
    pub as_of: Option<i64>,
    pub level: LinkLevel,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChainLists {
    /// The version of the chain's data the lists reflect: it changes whenever a write could
    /// change them (also the `ETag`).
    pub data_version: String,
    /// When they were computed (RFC 3339; the `Age` header counts from it).
    pub computed_at: String,
    pub chain: ChainId,
    pub target: String,
    pub target_name_zh: String,
    pub bottlenecks: Vec<Bottleneck>,
    pub investment_leads: Vec<InvestmentLead>,
    pub key_enterprises: KeyEnterprises,
}

/// The three lists of `graph`'s chain for `target`; a 422 naming `region` for a code the graph
/// does not know.
pub fn lists(
    graph: &ChainGraph,
    target: &RegionCode,
    thresholds: &QuerySettings,
    top: usize,
    which: Which,
) -> Result<ChainLists, Error> {
    let target_name_zh = known_region(graph, target, "region")?;
    let target = target.as_str();
    let firms = Provenance {
        verified: None,
        synthetic: which.synthetic,
    };
    let links = graph.link_firms(target, firms, which.as_of, which.level);
    let bottlenecks = bottlenecks::bottlenecks(graph, target, &links, top, which);

    // Candidates are ranked only in the links missing or weak in the target region.
    let standings = standings(&links, thresholds);
    let investment_leads = leads::investment_leads(
        graph,
        &links,
        &standings,
        target,
        &target_name_zh,
        top,
        which,
    );

    let key_enterprises = key_enterprises::key_enterprises(graph, &links, top, which);
    Ok(ChainLists {
        data_version: String::new(),
        computed_at: String::new(),
        chain: graph.chain,
        target: target.to_owned(),
        target_name_zh,
        bottlenecks,
        investment_leads,
        key_enterprises,
    })
}

impl crate::queries::cache::Fresh for ChainLists {
    fn stamp(&mut self, data_version: String, computed_at: String) {
        self.data_version = data_version;
        self.computed_at = computed_at;
    }
}
