//! R&D sources (universities, institutes, labs, innovation centres): one file per action.

mod create;
mod delete;
mod get;
mod history;
mod list;
mod update;
mod verify;

pub use create::create_rd_source;
pub use delete::delete_rd_source;
pub use get::get_rd_source;
pub use history::rd_source_history;
pub use list::list_rd_sources;
pub use update::update_rd_source;
pub use verify::verify_rd_source;
