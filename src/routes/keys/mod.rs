//! API key management (admin only).

mod create;
mod list;
mod revoke;

pub use create::{check, create_key, CreatedApiKey, NewApiKey};
pub use list::list_keys;
pub use revoke::revoke_key;
