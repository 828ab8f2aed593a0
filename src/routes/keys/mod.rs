//! API key management (admin only).

mod create;
mod list;
mod revoke;

pub use create::{create_key, CreatedApiKey};
pub use list::list_keys;
pub use revoke::revoke_key;
