//! Key enterprises (重点企业): the chain leaders, and for each link the target region's firms
//! with their weight in the chain: PageRank over the supply network, whether the network splits
//! without them, and their share of in-chain relationships. The rule is in docs/QUERIES.md.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::centrality::centrality;
use super::Which;
use crate::queries::chain_graph::ChainGraph;
use crate::queries::chain_map::{Leader, LinkFirms};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Holder {
    pub id: String,
    pub name_zh: String,
    pub region_code: Option<String>,
    /// Relationships it has with other organisations of the chain.
    pub in_chain_relationships: usize,
    /// Its share of all in-chain relationships (0–1).
    pub share: f64,
    /// Its PageRank in the chain's supply network (customer → supplier, weighted by supply
    /// relationships; the chain's ranks sum to 1). 0 outside the network.
    pub pagerank: f64,
    /// Its betweenness in the supply network: the share of shortest supply routes between two
    /// other firms that pass through it (0–1; estimated from 256 firms in larger networks).
    pub betweenness: f64,
    /// The supply network falls apart without it (an articulation point).
    pub articulation_point: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LinkHolders {
    pub link: String,
    pub link_name_zh: String,
    /// How many target-region enterprises operate in the link.
    pub holder_count: usize,
    /// The `top` of them by PageRank, then in-chain relationships, then id.
    pub holders: Vec<Holder>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct KeyEnterprises {
    /// Chain leaders (链主) anywhere in Beijing–Tianjin–Hebei.
    pub chain_leaders: Vec<Leader>,
    pub links: Vec<LinkHolders>,
    /// In-chain relationships the shares are computed over.
    pub in_chain_relationships: usize,
}

pub fn key_enterprises(
    graph: &ChainGraph,
    links: &[LinkFirms],
    top: usize,
    which: Which,
) -> KeyEnterprises {
    // The same for every target region and level: computed once per graph.
    let (synthetic, as_of) = (which.synthetic, which.as_of);
    let central = graph.derived(("centrality", synthetic, as_of), || {
        graph.from_network(synthetic, as_of, centrality)
    });
    let shares = graph.derived(("in-chain", synthetic, as_of), || {
        graph.in_chain_relationships(synthetic, as_of)
    });
    let (per_firm, total) = (&shares.0, shares.1);
    let mut chain_leaders: Vec<Leader> = Vec::new();
    let mut holders = Vec::new();
    for l in links {
        for f in l.firms.iter().filter(|f| f.is_leader()) {
            if !chain_leaders.iter().any(|c| c.id == f.id) {
                chain_leaders.push(Leader {
                    id: f.id.clone(),
                    name_zh: f.name_zh.clone(),
                    region_code: f.region_code.clone(),
                });
            }
        }
        let mut in_link: Vec<Holder> = l
            .firms
            .iter()
            .filter(|f| f.in_target)
            .map(|f| {
                let n = per_firm.get(&f.id).copied().unwrap_or(0);
                Holder {
                    id: f.id.clone(),
                    name_zh: f.name_zh.clone(),
                    region_code: f.region_code.clone(),
                    in_chain_relationships: n,
                    share: if total == 0 {
                        0.0
                    } else {
                        n as f64 / total as f64
                    },
                    pagerank: central.pagerank.get(&f.id).copied().unwrap_or(0.0),
                    betweenness: central.betweenness.get(&f.id).copied().unwrap_or(0.0),
                    articulation_point: central.articulation_points.contains(&f.id),
                }
            })
            .collect();
        in_link.sort_by(|a, b| {
            b.pagerank
                .total_cmp(&a.pagerank)
                .then(b.in_chain_relationships.cmp(&a.in_chain_relationships))
                .then(a.id.cmp(&b.id))
        });
        let holder_count = in_link.len();
        in_link.truncate(top);
        holders.push(LinkHolders {
            link: l.link.id.clone(),
            link_name_zh: l.link.name_zh.clone(),
            holder_count,
            holders: in_link,
        });
    }
    KeyEnterprises {
        chain_leaders,
        links: holders,
        in_chain_relationships: total,
    }
}
