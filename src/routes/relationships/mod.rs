//! Relationships between organisations: one file per action.

mod create;
mod delete;
mod get;
mod history;
mod list;
mod of_organisation;
mod verify;

pub use create::create_relationship;
pub use delete::delete_relationship;
pub use get::get_relationship;
pub use history::relationship_history;
pub use list::list_relationships;
pub use of_organisation::list_organisation_relationships;
pub use verify::verify_relationship;
