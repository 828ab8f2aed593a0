//! The change feed.

mod list;

pub use list::list_changes;
