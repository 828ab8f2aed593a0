use actix_web::{delete, web};

use crate::auth::store::{self, ApiKeyInfo};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// Revoke an API key (admin).
///
/// The key stops working at once. Revoking a revoked key changes nothing.
#[utoipa::path(operation_id = "revokeApiKey", tag = "keys", security(("api_key" = [])),
    params(("id" = String, Path, description = "Key id (the part after `ca_`)")),
    responses(
        (status = 200, description = "The revoked key", body = ApiKeyInfo),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such key", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/keys/{id}")]
pub async fn revoke_key(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ApiKeyInfo>, ApiError> {
    caller.require_admin()?;
    store::revoke(&state.db, &id)
        .await?
        .map(web::Json)
        .ok_or_else(|| ApiError::NotFound(format!("API key '{id}' does not exist")))
}
