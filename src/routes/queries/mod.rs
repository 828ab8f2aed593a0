//! Read-only questions over the graph: one file per question.

mod clusters;
mod flows;
mod paths;
mod regions;
mod relocations;
mod search;

pub use clusters::{get_cluster, list_clusters};
pub use flows::get_flows;
pub use paths::{find_paths, parse_kinds};
pub use regions::list_regions;
pub use relocations::list_relocations;
pub use search::search_organisations;
