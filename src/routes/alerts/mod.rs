//! Alerts: the changes that concern what a key watches.

mod list;
mod read;

pub use list::list_alerts;
pub use read::mark_alerts_read;
