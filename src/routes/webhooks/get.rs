use actix_web::get;
use actix_web::web::{Data, Json, Path};

use super::managed_by;
use crate::auth::Caller;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;
use crate::webhooks::{self, Webhook};

/// Get a webhook (admin, or the member that registered it).
///
/// Where its deliveries stand; another member's endpoint is not found.
#[utoipa::path(operation_id = "getWebhook", tag = "webhooks", security(("api_key" = [])),
    params(("id" = crate::domain::RecordId, Path, description = "Webhook id")),
    responses((status = 200, description = "The endpoint", body = Webhook), ActionErrors))]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    state: Data<AppState>,
    caller: Caller,
    id: Path<String>,
) -> Result<Json<Webhook>, ApiError> {
    let (owner, _) = managed_by(&caller)?;
    Ok(Json(webhooks::get(&state.db, owner.as_deref(), &id).await?))
}
