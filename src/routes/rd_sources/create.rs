use actix_web::{post, web, HttpResponse};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::organisations::input::NewRdSource;
use crate::organisations::model::Registered;
use crate::organisations::store;
use crate::state::AppState;

/// Register an R&D source (admin or member).
///
/// Universities, institutes, labs, innovation centres and enterprise R&D centres. Records that
/// members create start unverified and belong to the member's organisation. Near-duplicate
/// names in the same region are accepted but listed in `possible_duplicates`.
#[utoipa::path(operation_id = "createRdSource", tag = "rd-sources", security(("api_key" = [])),
    request_body = NewRdSource,
    responses(
        (status = 201, description = "Registered", body = Registered),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Reader key", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/rd-sources")]
pub async fn create_rd_source(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<NewRdSource>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let draft = body.0.into_draft()?;
    let registered = store::create(&state.db, who, draft).await?;
    Ok(HttpResponse::Created().json(registered))
}
