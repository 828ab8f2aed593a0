use actix_web::web::Data;
use actix_web::{post, HttpResponse};

use crate::auth::Caller;
use crate::organisations::input::{NewEnterprise, NewRdSource, Registration};
use crate::organisations::model::Registered;
use crate::organisations::store;
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::CreateErrors;
use crate::state::AppState;

async fn create(
    state: Data<AppState>,
    caller: Caller,
    body: impl Registration,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let registered = store::create(&state.db, who, body.into_new()?).await?;
    Ok(HttpResponse::Created().json(registered))
}

/// Register an enterprise (admin or member).
///
/// The USCC must be valid and not yet registered (409 names the existing record). Records that
/// members create start unverified and belong to the member's organisation. Near-duplicate
/// names in the same region are accepted but listed in `possible_duplicates`.
#[utoipa::path(operation_id = "createEnterprise", tag = "enterprises", security(("api_key" = [])),
    request_body = NewEnterprise,
    responses((status = 201, description = "Registered", body = Registered), CreateErrors))]
#[post("/enterprises")]
pub async fn create_enterprise(
    state: Data<AppState>,
    caller: Caller,
    Body(body): Body<NewEnterprise>,
) -> Result<HttpResponse, ApiError> {
    create(state, caller, body).await
}

/// Register an R&D source (admin or member).
///
/// Universities, institutes, labs, innovation centres and enterprise R&D centres. Records that
/// members create start unverified and belong to the member's organisation. Near-duplicate
/// names in the same region are accepted but listed in `possible_duplicates`.
#[utoipa::path(operation_id = "createRdSource", tag = "rd-sources", security(("api_key" = [])),
    request_body = NewRdSource,
    responses((status = 201, description = "Registered", body = Registered), CreateErrors))]
#[post("/rd-sources")]
pub async fn create_rd_source(
    state: Data<AppState>,
    caller: Caller,
    Body(body): Body<NewRdSource>,
) -> Result<HttpResponse, ApiError> {
    create(state, caller, body).await
}
