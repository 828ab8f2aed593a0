//! Webhooks: endpoints that receive the change feed (admins, and members for the organisations
//! they own).

mod create;
mod delete;
mod deliveries;
mod get;
mod list;
mod redeliver;
mod resume;

pub use create::{create_webhook, CreatedWebhook};
pub use delete::delete_webhook;
pub use deliveries::list_webhook_deliveries;
pub use get::get_webhook;
pub use list::list_webhooks;
pub use redeliver::redeliver_webhook;
pub use resume::resume_webhook;

use crate::auth::Caller;
use crate::error::Error;

/// The member organisation whose endpoints the caller manages (`None`: an admin, every one).
fn managed_by(caller: &Caller) -> Result<(Option<String>, &crate::auth::Principal), Error> {
    let who = caller.require_write()?;
    Ok((crate::webhooks::scope_of(who)?.map(str::to_owned), who))
}
