use actix_web::{patch, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::organisations::input::RdSourcePatch;
use crate::organisations::model::Organisation;
use crate::organisations::store;
use crate::state::AppState;

/// Change an R&D source (admin, or the member that owns it).
#[utoipa::path(operation_id = "updateRdSource", tag = "rd-sources", security(("api_key" = [])),
    params(("id" = String, Path, description = "R&D source id")),
    request_body = RdSourcePatch,
    responses(
        (status = 200, description = "The changed R&D source", body = Organisation),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Reader key, or owned by another organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such R&D source", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/rd-sources/{id}")]
pub async fn update_rd_source(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Body<RdSourcePatch>,
) -> Result<web::Json<Organisation>, ApiError> {
    let who = caller.require_write()?;
    let draft = body.0.into_draft()?;
    Ok(web::Json(store::update(&state.db, who, &id, draft).await?))
}
