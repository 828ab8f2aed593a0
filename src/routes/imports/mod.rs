//! Bulk import.

mod create;

pub use create::import_csv;
