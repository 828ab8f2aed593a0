use actix_web::{post, web, HttpResponse};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::relationships::input::NewRelationship;
use crate::relationships::model::Relationship;
use crate::relationships::store;
use crate::state::AppState;

/// Record a relationship (admin, or a member that owns at least one end).
///
/// Self-loops and unknown ends are rejected with 422. A member's relationship starts unverified.
#[utoipa::path(operation_id = "createRelationship", tag = "relationships", security(("api_key" = [])),
    request_body = NewRelationship,
    responses(
        (status = 201, description = "Recorded", body = Relationship),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Reader key, or the member owns neither end", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An end was deleted while the relationship was being recorded", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field, self-loop or unknown end", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/relationships")]
pub async fn create_relationship(
    state: web::Data<AppState>,
    caller: Caller,
    body: Body<NewRelationship>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let created = store::create(&state.db, who, body.0).await?;
    Ok(HttpResponse::Created().json(created))
}
