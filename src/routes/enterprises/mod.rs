//! Enterprises: one file per action.

mod by_uscc;
mod create;
mod delete;
mod get;
mod history;
mod impact;
mod list;
mod segments;
mod update;
mod verify;

pub use by_uscc::get_enterprise_by_uscc;
pub use create::create_enterprise;
pub use delete::delete_enterprise;
pub use get::get_enterprise;
pub use history::enterprise_history;
pub use impact::get_enterprise_impact;
pub use list::list_enterprises;
pub use segments::{delete_enterprise_segment, put_enterprise_segment, MembershipInput};
pub use update::update_enterprise;
pub use verify::verify_enterprise;
