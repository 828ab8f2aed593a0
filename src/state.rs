use crate::db::Db;
use crate::settings::Settings;

/// Shared by every handler through `web::Data`.
pub struct AppState {
    pub db: Db,
    pub settings: Settings,
}
