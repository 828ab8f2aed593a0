//! Bulk import.

mod create;
mod job;

pub use create::import_csv;
pub use job::get_import_job;
