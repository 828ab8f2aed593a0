//! Read endpoints over the six chains and their links.

mod get;
mod list;
pub mod model;

pub use get::get_chain;
pub use list::list_chains;
