//! Who holds a chain together: weighted PageRank over the chain's supply network (a firm ranks
//! high when firms that rank high depend on it), betweenness (a firm on many of the shortest
//! supply routes between others) and articulation points (firms whose loss splits the network).
//! The formulas are in docs/QUERIES.md ("Key enterprises").
//!
//! petgraph keeps the network and finds the articulation points (iteratively, so deep networks
//! do not exhaust the stack). Its `page_rank` is not used: it ignores edge weights and tests
//! every pair of nodes in each iteration, which at a chain of the region's size (~16,000 firms)
//! is hundreds of millions of steps; the power iteration below is linear in the edges. Neither
//! petgraph nor rustworkx-core estimates betweenness from a sample of sources, and exact Brandes
//! is O(V·E) (about 2·10⁹ steps for a chain at the region's size), so it is below, sampled.

use std::collections::{HashMap, HashSet};

use petgraph::algo::articulation_points::articulation_points;
use petgraph::graph::{DiGraph, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

pub const DAMPING: f64 = 0.85;
const MAX_ITERATIONS: usize = 100;
const TOLERANCE: f64 = 1e-10;

/// Each organisation of the chain's supply network: its PageRank (the ranks sum to 1) and
/// whether it is an articulation point.
#[derive(Debug, Default)]
pub struct Centrality {
    pub pagerank: HashMap<String, f64>,
    pub betweenness: HashMap<String, f64>,
    pub articulation_points: HashSet<String>,
}

/// Sources of the betweenness estimate: exact for networks up to this many firms.
pub const BETWEENNESS_SOURCES: usize = 256;

/// Betweenness of every node over the directed dependence edges (Brandes' algorithm, hop
/// counts), normalised by (n−1)(n−2) so that 1 means on every shortest route between two other
/// firms. With more than `sources` nodes it is estimated from `sources` of them, evenly spaced in
/// id order (so the same network gives the same answer), scaled by n / sources (Brandes and
/// Pich, 2007).
pub fn betweenness(net: &Network, sources: usize) -> Vec<f64> {
    let graph = &net.graph;
    let n = graph.node_count();
    let mut score = vec![0.0; n];
    if n < 3 || sources == 0 {
        return score;
    }
    let mut by_id: Vec<usize> = (0..n).collect();
    by_id.sort_by(|&a, &b| net.ids[a].cmp(&net.ids[b]));
    let k = sources.min(n);
    let chosen = (0..k).map(|i| by_id[i * n / k]);
    let (mut dist, mut paths, mut delta) = (vec![-1i64; n], vec![0.0f64; n], vec![0.0f64; n]);
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let (mut order, mut queue) = (Vec::with_capacity(n), std::collections::VecDeque::new());
    for s in chosen {
        for v in 0..n {
            dist[v] = -1;
            paths[v] = 0.0;
            delta[v] = 0.0;
            preds[v].clear();
        }
        order.clear();
        dist[s] = 0;
        paths[s] = 1.0;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for w in graph.neighbors(NodeIndex::new(v)).map(|w| w.index()) {
                if dist[w] < 0 {
                    dist[w] = dist[v] + 1;
                    queue.push_back(w);
                }
                if dist[w] == dist[v] + 1 {
                    paths[w] += paths[v];
                    preds[w].push(v);
                }
            }
        }
        while let Some(w) = order.pop() {
            for &v in &preds[w] {
                delta[v] += paths[v] / paths[w] * (1.0 + delta[w]);
            }
            if w != s {
                score[w] += delta[w];
            }
        }
    }
    let scale = n as f64 / k as f64 / ((n - 1) * (n - 2)) as f64;
    score.iter_mut().for_each(|x| *x *= scale);
    score
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

/// The centrality of every firm of a supply network: (customer, supplier, relationships).
pub fn centrality(network: &[(&str, &str, i64)]) -> Centrality {
    let mut builder = NetworkBuilder::default();
    for &(customer, supplier, n) in network {
        builder.depend(customer.to_owned(), supplier.to_owned(), n as f64);
    }
    let net = builder.finish();
    let ranks = pagerank(&net.graph, DAMPING);
    let between = betweenness(&net, BETWEENNESS_SOURCES);
    let articulation_points = cut_vertices(&net);
    Centrality {
        pagerank: net.ids.iter().cloned().zip(ranks).collect(),
        betweenness: net.ids.into_iter().zip(between).collect(),
        articulation_points,
    }
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

    fn between(list: &[(&str, &str)], sources: usize) -> HashMap<String, f64> {
        let net = network(edges(
            &list.iter().map(|(c, s)| (*c, *s, 1.0)).collect::<Vec<_>>(),
        ));
        let b = betweenness(&net, sources);
        net.ids.into_iter().zip(b).collect()
    }

    #[test]
    fn betweenness_matches_a_hand_calculation() {
        // A line e → d → c → b → a (each depends on the next). b lies on the routes c→a, d→a,
        // e→a (3); c on d→b, d→a, e→b, e→a (4); d on e→c, e→b, e→a (3); the ends on none. Over
        // (n−1)(n−2) = 12 ordered pairs: 1/4, 1/3, 1/4.
        let line = [("e", "d"), ("d", "c"), ("c", "b"), ("b", "a")];
        let b = between(&line, BETWEENNESS_SOURCES);
        for (id, want) in [
            ("a", 0.0),
            ("b", 0.25),
            ("c", 1.0 / 3.0),
            ("d", 0.25),
            ("e", 0.0),
        ] {
            assert!((b[id] - want).abs() < 1e-12, "{id}: {b:?}");
        }
        // A diamond: two equally short routes from t to s, through x or through y: each carries
        // half of that one route, over (4−1)(4−2) = 6 pairs.
        let b = between(&[("t", "x"), ("t", "y"), ("x", "s"), ("y", "s")], 10);
        assert!((b["x"] - 1.0 / 12.0).abs() < 1e-12, "{b:?}");
        assert!((b["y"] - b["x"]).abs() < 1e-12);
        // Estimated from fewer sources, the answer is the same every time.
        let sampled = between(&line, 2);
        assert_eq!(sampled, between(&line, 2));
        assert!(sampled.values().all(|x| x.is_finite() && *x >= 0.0));
    }

    #[test]
    fn articulation_points_split_the_network() {
        // a ← b ← c: b holds a and c together; a and c do not.
        let net = network(edges(&[("b", "a", 1.0), ("c", "b", 1.0)]));
        assert_eq!(cut_vertices(&net), HashSet::from(["b".to_owned()]));
    }
}
