use actix_web::web::{Data, Json, Path};
use actix_web::{delete, HttpRequest};

use crate::auth::store::{self, ApiKeyInfo};
use crate::auth::Caller;
use crate::error::Error;
use crate::routes::caller::actor;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;

/// Revoke an API key (admin).
///
/// The key stops working at once. Revoking a revoked key changes nothing. The key making the
/// request cannot revoke itself (409): an admin would lock themselves out.
#[utoipa::path(operation_id = "revokeApiKey", tag = "keys", security(("api_key" = [])),
    params(("id" = crate::domain::RecordId, Path, description = "Key id (the part after `ca_`)")),
    responses((status = 200, description = "The revoked key", body = ApiKeyInfo), ActionErrors))]
#[delete("/keys/{id}")]
pub async fn revoke_key(
    state: Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: Path<String>,
) -> Result<Json<ApiKeyInfo>, ApiError> {
    let who = caller.require_admin()?;
    if who.key_id == id.as_str() {
        return Err(Error::Conflict {
            detail: "a key cannot revoke itself; use another admin key".into(),
            existing_id: None,
        }
        .into());
    }
    let revoked = store::revoke(&state.db, &actor(&req, &who.key_id), &id).await?;
    Ok(Json(
        revoked.ok_or_else(|| Error::not_found("API key", id.as_str()))?,
    ))
}
