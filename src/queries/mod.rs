//! The read-only questions investment-promotion staff ask of the graph. Each has its Cypher in
//! `cypher/queries/`, bounded in depth and size.

pub mod cache;
pub mod chain_graph;
pub mod chain_map;
pub mod chains;
pub mod clusters;
pub mod flows;
pub mod impact;
pub mod lists;
pub mod matches;
pub mod paths;
pub mod regions;
pub mod relocations;
pub mod search;
pub mod weights;
