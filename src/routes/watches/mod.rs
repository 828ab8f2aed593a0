//! Watchlists: what a key (a person, until people have accounts) watches.

mod create;
mod delete;
mod list;

pub use create::create_watch;
pub use delete::delete_watch;
pub use list::list_watches;
