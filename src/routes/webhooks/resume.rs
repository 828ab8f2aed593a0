use actix_web::post;
use actix_web::web::{Data, Json, Path};

use super::managed_by;
use crate::auth::Caller;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;
use crate::webhooks::{self, Webhook};

/// Resume a paused webhook (admin, or the member that registered it).
///
/// Deliveries start again from the change it stopped at, with a fresh allowance of retries. Resuming an active endpoint only clears its wait for the next retry.
#[utoipa::path(operation_id = "resumeWebhook", tag = "webhooks", security(("api_key" = [])),
    params(("id" = crate::domain::RecordId, Path, description = "Webhook id")),
    responses((status = 200, description = "The endpoint, active", body = Webhook), ActionErrors))]
#[post("/webhooks/{id}/resume")]
pub async fn resume_webhook(
    state: Data<AppState>,
    caller: Caller,
    id: Path<String>,
) -> Result<Json<Webhook>, ApiError> {
    let (owner, _) = managed_by(&caller)?;
    Ok(Json(
        webhooks::resume(&state.db, owner.as_deref(), &id).await?,
    ))
}
