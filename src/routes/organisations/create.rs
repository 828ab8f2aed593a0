use actix_web::web::Data;
use actix_web::{post, HttpResponse};
use serde::Serialize;

use crate::auth::Caller;
use crate::organisations::input::{NewEnterprise, NewRdSource, Registration};
use crate::organisations::model::Registered;
use crate::organisations::store;
use crate::routes::extract::Body;
use crate::routes::idempotent::{created, IdempotencyKey};
use crate::routes::problem::ApiError;
use crate::routes::responses::CreateErrors;
use crate::state::AppState;

async fn create(
    state: Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: impl Registration + Serialize,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let claim = key.claim(who, &body)?;
    let new = body.into_new()?;
    let (registered, outcome) = store::create(&state.db, who, new, claim.as_ref()).await?;
    Ok(created(outcome, &registered))
}

/// Register an enterprise (admin or member).
///
/// The USCC must be valid and not yet registered (409 names the existing record). Records that
/// members create start unverified and belong to the member's organisation. Near-duplicate
/// names in the same region are accepted but listed in `possible_duplicates`.
#[utoipa::path(operation_id = "createEnterprise", tag = "enterprises", security(("api_key" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeated request with the same key and body gets the record the first one created (201, `Idempotent-Replayed: true`); the same key with another body is a 422")),
    request_body = NewEnterprise,
    responses((status = 201, description = "Registered", body = Registered,
        headers(("Idempotent-Replayed" = String, description = "`true` when the answer repeats what an earlier request with the same `Idempotency-Key` created"))), CreateErrors))]
#[post("/enterprises")]
pub async fn create_enterprise(
    state: Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    Body(body): Body<NewEnterprise>,
) -> Result<HttpResponse, ApiError> {
    create(state, caller, key, body).await
}

/// Register an R&D source (admin or member).
///
/// Universities, institutes, labs, innovation centres and enterprise R&D centres. Records that
/// members create start unverified and belong to the member's organisation. Near-duplicate
/// names in the same region are accepted but listed in `possible_duplicates`.
#[utoipa::path(operation_id = "createRdSource", tag = "rd-sources", security(("api_key" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeated request with the same key and body gets the record the first one created (201, `Idempotent-Replayed: true`); the same key with another body is a 422")),
    request_body = NewRdSource,
    responses((status = 201, description = "Registered", body = Registered,
        headers(("Idempotent-Replayed" = String, description = "`true` when the answer repeats what an earlier request with the same `Idempotency-Key` created"))), CreateErrors))]
#[post("/rd-sources")]
pub async fn create_rd_source(
    state: Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    Body(body): Body<NewRdSource>,
) -> Result<HttpResponse, ApiError> {
    create(state, caller, key, body).await
}
