use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::db::Db;
use crate::queries::cache::Answers;
use crate::settings::Settings;
use crate::webhooks::dispatch::Sender;

/// Shared by every handler through `web::Data`.
pub struct AppState {
    pub db: Db,
    pub settings: Settings,
    pub readiness: Arc<Readiness>,
    /// Chain maps, lists and flows, kept by the version of their data.
    pub answers: Answers,
    /// Sends webhook deliveries (the dispatcher's, and redeliveries by hand).
    pub webhooks: Sender,
}

/// Whether start-up has finished: the schema applied (uniqueness constraints in place) and, when
/// configured, an empty database seeded. Until then `/ready` and the API answer 503.
#[derive(Debug, Default)]
pub struct Readiness(AtomicBool);

impl Readiness {
    pub fn is_ready(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }

    pub fn set_ready(&self) {
        self.0.store(true, Ordering::Release);
    }
}
