use actix_web::get;
use actix_web::web::{Data, Json};

use crate::alerts::{self, Watch};
use crate::auth::Caller;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;

/// What the caller watches (any key), newest first.
///
/// Each watch with what it follows and that thing's Chinese name; another key's watches are never listed.
#[utoipa::path(operation_id = "listWatches", tag = "alerts", security(("api_key" = [])),
    responses((status = 200, description = "The caller's watches", body = [Watch]), ActionErrors))]
#[get("/watches")]
pub async fn list_watches(
    state: Data<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Watch>>, ApiError> {
    let who = alerts::watcher(&caller)?;
    Ok(Json(alerts::watches(&state.db, who).await?))
}
