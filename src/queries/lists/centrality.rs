//! Who holds a chain together: weighted PageRank over the chain's supply network (a firm ranks
//! high when firms that rank high depend on it) and articulation points (firms whose loss splits
//! the network). The formulas are in docs/QUERIES.md ("Key enterprises").
//!
//! petgraph keeps the network and finds the articulation points (iteratively, so deep networks
//! do not exhaust the stack). Its `page_rank` is not used: it ignores edge weights and tests
//! every pair of nodes in each iteration, which at a chain of the region's size (~16,000 firms)
//! is hundreds of millions of steps; the power iteration below is linear in the edges.

use std::collections::{HashMap, HashSet};

use neo4rs::query;
use petgraph::algo::articulation_points::articulation_points;
use petgraph::graph::{DiGraph, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::db::{Db, DbError};
use crate::domain::ChainId;

const NETWORK: &str = include_str!("../../../cypher/queries/chain_supply_network.cypher");

pub const DAMPING: f64 = 0.85;
const MAX_ITERATIONS: usize = 100;
const TOLERANCE: f64 = 1e-10;

/// Each organisation of the chain's supply network: its PageRank (the ranks sum to 1) and
/// whether it is an articulation point.
#[derive(Debug, Default)]
pub struct Centrality {
    pub pagerank: HashMap<String, f64>,
    pub articulation_points: HashSet<String>,
}

/// The chain's supply network as petgraph holds it: nodes are indexes into `Network::ids`, so
/// each id is held once however many edges it has (a chain at the region's size has tens of
/// thousands of firms and edges, and two chains may be computed at once).
pub struct Network {
    pub ids: Vec<String>,
    pub graph: DiGraph<(), f64>,
}

/// Builds a network edge by edge as rows stream in, each id added once.
#[derive(Default)]
struct NetworkBuilder {
    ids: Vec<String>,
    graph: DiGraph<(), f64>,
    index: HashMap<String, NodeIndex>,
}

impl NetworkBuilder {
    fn node(&mut self, id: String) -> NodeIndex {
        if let Some(&v) = self.index.get(&id) {
            return v;
        }
        let v = self.graph.add_node(());
        self.ids.push(id.clone());
        self.index.insert(id, v);
        v
    }

    /// A dependence edge: `customer` buys from `supplier`.
    fn depend(&mut self, customer: String, supplier: String, weight: f64) {
        let (c, s) = (self.node(customer), self.node(supplier));
        self.graph.add_edge(c, s, weight);
    }

    fn finish(self) -> Network {
        Network {
            ids: self.ids,
            graph: self.graph,
        }
    }
}

/// Weighted PageRank by power iteration over the dependence edges.
pub fn pagerank(graph: &DiGraph<(), f64>, damping: f64) -> Vec<f64> {
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let out_weight: Vec<f64> = graph
        .node_indices()
        .map(|v| graph.edges(v).map(|e| *e.weight()).sum())
        .collect();
    let mut rank = vec![1.0 / n as f64; n];
    for _ in 0..MAX_ITERATIONS {
        // A firm that depends on nobody spreads its rank evenly (the usual dangling-node rule).
        let dangling: f64 = (0..n)
            .filter(|&v| out_weight[v] == 0.0)
            .map(|v| rank[v])
            .sum();
        let base = (1.0 - damping) / n as f64 + damping * dangling / n as f64;
        let next: Vec<f64> = graph
            .node_indices()
            .map(|v| {
                let inflow: f64 = graph
                    .edges_directed(v, Direction::Incoming)
                    .map(|e| rank[e.source().index()] * e.weight() / out_weight[e.source().index()])
                    .sum();
                base + damping * inflow
            })
            .collect();
        let change: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        rank = next;
        if change < TOLERANCE {
            break;
        }
    }
    rank
}

pub fn cut_vertices(net: &Network) -> HashSet<String> {
    let undirected: UnGraph<(), f64> = net.graph.clone().into_edge_type();
    articulation_points(&undirected)
        .into_iter()
        .map(|v| net.ids[v.index()].clone())
        .collect()
}

pub async fn centrality(
    db: &Db,
    chain: ChainId,
    synthetic: Option<bool>,
) -> Result<Centrality, DbError> {
    let q = query(NETWORK)
        .param("chain", chain.as_str())
        .param("synthetic", synthetic);
    // Built as the rows arrive: no row is kept once its edge is in the graph.
    let mut builder = NetworkBuilder::default();
    db.each(q, |r| {
        let n: i64 = r.get("n")?;
        builder.depend(r.get("customer")?, r.get("supplier")?, n as f64);
        Ok(())
    })
    .await?;
    let net = builder.finish();
    let ranks = pagerank(&net.graph, DAMPING);
    let articulation_points = cut_vertices(&net);
    Ok(Centrality {
        pagerank: net.ids.into_iter().zip(ranks).collect(),
        articulation_points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The network with dependence edges (customer → supplier) weighted by supply relationships.
    fn network(edges: impl IntoIterator<Item = (String, String, f64)>) -> Network {
        let mut builder = NetworkBuilder::default();
        for (customer, supplier, weight) in edges {
            builder.depend(customer, supplier, weight);
        }
        builder.finish()
    }

    fn edges(list: &[(&str, &str, f64)]) -> Vec<(String, String, f64)> {
        list.iter()
            .map(|(c, s, w)| (c.to_string(), s.to_string(), *w))
            .collect()
    }

    fn ranks(list: &[(&str, &str, f64)]) -> HashMap<String, f64> {
        let net = network(edges(list));
        let r = pagerank(&net.graph, DAMPING);
        net.ids.into_iter().zip(r).collect()
    }

    #[test]
    fn pagerank_matches_a_hand_calculation() {
        // Four firms depend on one supplier A, which depends on nobody. With d = 0.85 and A's
        // rank x spread evenly: each leaf gets 0.03 + 0.17x, A gets 0.03 + 0.85(4 leaf + x/5);
        // the ranks sum to 1, so (1 − x)/4 = 0.03 + 0.17x and x = 0.22/0.42.
        let r = ranks(&[
            ("b", "a", 1.0),
            ("c", "a", 1.0),
            ("d", "a", 1.0),
            ("e", "a", 1.0),
        ]);
        let x = 0.22 / 0.42;
        assert!((r["a"] - x).abs() < 1e-9, "{r:?}");
        assert!((r["b"] - (1.0 - x) / 4.0).abs() < 1e-9);
        // Two suppliers, one bought from three times as much: 3/4 of b's rank flows to it.
        let r = ranks(&[("b", "big", 3.0), ("b", "small", 1.0)]);
        assert!(r["big"] > r["small"]);
        let total: f64 = r.values().sum();
        assert!((total - 1.0).abs() < 1e-9);
    }

    #[test]
    fn articulation_points_split_the_network() {
        // a ← b ← c: b holds a and c together; a and c do not.
        let net = network(edges(&[("b", "a", 1.0), ("c", "b", 1.0)]));
        assert_eq!(cut_vertices(&net), HashSet::from(["b".to_owned()]));
    }
}
