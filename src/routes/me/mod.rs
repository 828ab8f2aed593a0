//! What the caller's key is, and what its organisation recorded.

mod identity;
mod records;

pub use identity::whoami;
pub use records::list_own_records;
