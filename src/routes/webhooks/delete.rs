use actix_web::web::{Data, Path};
use actix_web::{delete, HttpRequest, HttpResponse};

use super::managed_by;
use crate::auth::Caller;
use crate::routes::caller::actor;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;
use crate::webhooks;

/// Delete a webhook (admin, or the member that registered it).
///
/// Nothing more is delivered to it (a delivery under way may still arrive); its delivery log goes with it.
#[utoipa::path(operation_id = "deleteWebhook", tag = "webhooks", security(("api_key" = [])),
    params(("id" = crate::domain::RecordId, Path, description = "Webhook id")),
    responses((status = 204, description = "Deleted"), ActionErrors))]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    state: Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (owner, who) = managed_by(&caller)?;
    let actor = actor(&req, &who.key_id);
    webhooks::delete(&state.db, owner.as_deref(), &actor, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}
