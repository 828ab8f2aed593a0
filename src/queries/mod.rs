//! The read-only questions investment-promotion staff ask of the graph. Each has its Cypher in
//! `cypher/queries/`, bounded in depth and size.

pub mod chain_map;
pub mod lists;
pub mod paths;
pub mod search;
