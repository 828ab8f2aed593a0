//! Reconciling lists against the records (issue 20): one file per action.

mod rows;
mod w3c;

pub use rows::reconcile_rows;
pub use w3c::{manifest, reconcile_queries};
