use actix_web::web::Data;
use actix_web::{post, HttpResponse};

use crate::auth::Caller;
use crate::relationships::input::NewRelationship;
use crate::relationships::model::Relationship;
use crate::relationships::store;
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::CreateErrors;
use crate::state::AppState;

/// Record a relationship (admin, or a member that owns at least one end).
///
/// Self-loops and unknown ends are rejected with 422. A member's relationship starts
/// unverified. 409 when an end was deleted while the relationship was being recorded.
#[utoipa::path(operation_id = "createRelationship", tag = "relationships", security(("api_key" = [])),
    request_body = NewRelationship,
    responses((status = 201, description = "Recorded", body = Relationship), CreateErrors))]
#[post("/relationships")]
pub async fn create_relationship(
    state: Data<AppState>,
    caller: Caller,
    Body(body): Body<NewRelationship>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let created = store::create(&state.db, who, body).await?;
    Ok(HttpResponse::Created().json(created))
}
