use actix_web::{patch, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::organisations::input::EnterprisePatch;
use crate::organisations::model::Organisation;
use crate::organisations::store;
use crate::state::AppState;

/// Change an enterprise (admin, or the member that owns it).
#[utoipa::path(operation_id = "updateEnterprise", tag = "enterprises", security(("api_key" = [])),
    params(("id" = String, Path, description = "Enterprise id")),
    request_body = EnterprisePatch,
    responses(
        (status = 200, description = "The changed enterprise", body = Organisation),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Reader key, or owned by another organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enterprise", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "USCC already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/enterprises/{id}")]
pub async fn update_enterprise(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Body<EnterprisePatch>,
) -> Result<web::Json<Organisation>, ApiError> {
    let who = caller.require_write()?;
    let draft = body.0.into_draft()?;
    Ok(web::Json(store::update(&state.db, who, &id, draft).await?))
}
