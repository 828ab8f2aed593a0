use actix_web::{get, web};

use crate::auth::store::{self, ApiKeyInfo};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// List API keys (admin).
#[utoipa::path(operation_id = "listApiKeys", tag = "keys", security(("api_key" = [])),
    responses(
        (status = 200, description = "Every key, revoked ones included", body = [ApiKeyInfo]),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin key", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/keys")]
pub async fn list_keys(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<Vec<ApiKeyInfo>>, ApiError> {
    caller.require_admin()?;
    Ok(web::Json(store::list(&state.db).await?))
}
