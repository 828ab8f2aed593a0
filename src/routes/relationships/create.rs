use actix_web::web::Data;
use actix_web::{post, HttpResponse};

use crate::auth::Caller;
use crate::relationships::input::NewRelationship;
use crate::relationships::model::Relationship;
use crate::relationships::store;
use crate::routes::extract::Body;
use crate::routes::idempotent::{created, IdempotencyKey};
use crate::routes::problem::ApiError;
use crate::routes::responses::CreateErrors;
use crate::state::AppState;

/// Record a relationship (admin, or a member that owns at least one end).
///
/// Self-loops and unknown ends are rejected with 422. A member's relationship starts
/// unverified. 409 when an end was deleted while the relationship was being recorded.
#[utoipa::path(operation_id = "createRelationship", tag = "relationships", security(("api_key" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeated request with the same key and body gets the record the first one created (201, `Idempotent-Replayed: true`); the same key with another body is a 422")),
    request_body = NewRelationship,
    responses((status = 201, description = "Recorded", body = Relationship,
        headers(("Idempotent-Replayed" = String, description = "`true` when the answer repeats what an earlier request with the same `Idempotency-Key` created"))), CreateErrors))]
#[post("/relationships")]
pub async fn create_relationship(
    state: Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    Body(body): Body<NewRelationship>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let claim = key.claim(who, &body)?;
    let (relationship, outcome) = store::create(&state.db, who, body, claim.as_ref()).await?;
    Ok(created(outcome, &relationship))
}
