//! Read endpoints over the six chains and their links.

mod get;
mod list;
mod lists;
mod map;
mod matches;
mod sheets;

pub use get::get_chain;
pub use list::list_chains;
pub use lists::get_chain_lists;
pub use map::{get_chain_map, MapBreakdown};
pub use matches::get_chain_matches;
