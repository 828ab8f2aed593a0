//! Read-only questions over the graph: one file per question.

mod paths;
mod search;

pub use paths::{find_paths, parse_kinds};
pub use search::search_organisations;
