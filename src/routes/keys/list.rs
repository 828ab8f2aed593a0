use actix_web::get;
use actix_web::web::{Data, Json};

use crate::auth::store::{self, ApiKeyInfo};
use crate::auth::Caller;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;

/// List API keys (admin).
///
/// Every key with its name, role, member organisation and when it was created or revoked, revoked ones included. Secrets are never shown again.
#[utoipa::path(operation_id = "listApiKeys", tag = "keys", security(("api_key" = [])),
    responses((status = 200, description = "Every key, revoked ones included", body = [ApiKeyInfo]), ActionErrors))]
#[get("/keys")]
pub async fn list_keys(
    state: Data<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ApiKeyInfo>>, ApiError> {
    caller.require_admin()?;
    Ok(Json(store::list(&state.db).await?))
}
