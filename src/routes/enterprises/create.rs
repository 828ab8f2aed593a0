use actix_web::{post, web, HttpResponse};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::organisations::input::NewEnterprise;
use crate::organisations::model::Registered;
use crate::organisations::store;
use crate::state::AppState;

/// Register an enterprise (admin or member).
///
/// The USCC must be valid and not yet registered (409 names the existing record). Records that
/// members create start unverified and belong to the member's organisation. Near-duplicate
/// names in the same region are accepted but listed in `possible_duplicates`.
#[utoipa::path(operation_id = "createEnterprise", tag = "enterprises", security(("api_key" = [])),
    request_body = NewEnterprise,
    responses(
        (status = 201, description = "Registered", body = Registered),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Reader key", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "USCC already registered", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/enterprises")]
pub async fn create_enterprise(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<NewEnterprise>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let draft = body.0.into_draft()?;
    let registered = store::create(&state.db, who, draft).await?;
    Ok(HttpResponse::Created().json(registered))
}
