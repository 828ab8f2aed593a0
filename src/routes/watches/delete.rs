use actix_web::web::{Data, Path};
use actix_web::{delete, HttpResponse};

use crate::alerts;
use crate::auth::Caller;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;

/// Stop watching (the key that watches).
///
/// The watch's alerts go with it. Another key's watch is not found.
#[utoipa::path(operation_id = "deleteWatch", tag = "alerts", security(("api_key" = [])),
    params(("id" = crate::domain::RecordId, Path, description = "Watch id")),
    responses((status = 204, description = "No longer watched"), ActionErrors))]
#[delete("/watches/{id}")]
pub async fn delete_watch(
    state: Data<AppState>,
    caller: Caller,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    let who = alerts::watcher(&caller)?;
    alerts::unwatch(&state.db, who, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}
