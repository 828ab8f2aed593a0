use actix_web::get;
use actix_web::web::{Data, Json};

use super::managed_by;
use crate::auth::Caller;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;
use crate::webhooks::{self, Webhook};

/// List webhooks (admin: all; member: its own).
///
/// Each endpoint with its filters, where its deliveries stand (the last change delivered, failed attempts at the next, when it is retried) and whether it is paused. Secrets are never shown again.
#[utoipa::path(operation_id = "listWebhooks", tag = "webhooks", security(("api_key" = [])),
    responses((status = 200, description = "The caller's endpoints, oldest first", body = [Webhook]), ActionErrors))]
#[get("/webhooks")]
pub async fn list_webhooks(
    state: Data<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Webhook>>, ApiError> {
    let (owner, _) = managed_by(&caller)?;
    Ok(Json(webhooks::list(&state.db, owner.as_deref()).await?))
}
