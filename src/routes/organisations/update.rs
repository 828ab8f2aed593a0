use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{patch, HttpResponse};

use crate::auth::Caller;
use crate::domain::OrgId;
use crate::organisations::input::{Edit, EnterprisePatch, RdSourcePatch};
use crate::organisations::model::Organisation;
use crate::organisations::store;
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::ChangeErrors;
use crate::routes::versions::{tagged, IfMatch};
use crate::state::AppState;

async fn update(
    state: Data<AppState>,
    caller: Caller,
    id: Path<OrgId>,
    if_match: IfMatch,
    body: impl Edit,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let patch = body.into_patch()?;
    let changed = store::update(&state.db, who, &id, patch, if_match.version()?).await?;
    Ok(tagged(StatusCode::OK, &changed))
}

/// Change an enterprise (admin, or the member that owns it).
///
/// Only the fields given change; `null` clears an optional one. Send `If-Match` with the `ETag` read: a change someone made meanwhile answers 412, never overwritten. A member's edit puts the record back in the review queue.
#[utoipa::path(operation_id = "updateEnterprise", tag = "enterprises", security(("api_key" = [])),
    params(("id" = crate::domain::OrgId, Path, description = "Organisation id"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the version the change is based on; 412 if the record has changed since")),
    request_body = EnterprisePatch,
    responses((status = 200, description = "The changed enterprise", body = Organisation, headers(("ETag" = String, description = "The record's version, for `If-Match`"))), ChangeErrors))]
#[patch("/enterprises/{id}")]
pub async fn update_enterprise(
    state: Data<AppState>,
    caller: Caller,
    id: Path<OrgId>,
    if_match: IfMatch,
    Body(body): Body<EnterprisePatch>,
) -> Result<HttpResponse, ApiError> {
    update(state, caller, id, if_match, body).await
}

/// Change an R&D source (admin, or the member that owns it).
///
/// Only the fields given change; `null` clears an optional one. Send `If-Match` with the `ETag` read: a change someone made meanwhile answers 412, never overwritten. A member's edit puts the record back in the review queue.
#[utoipa::path(operation_id = "updateRdSource", tag = "rd-sources", security(("api_key" = [])),
    params(("id" = crate::domain::OrgId, Path, description = "Organisation id"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the version the change is based on; 412 if the record has changed since")),
    request_body = RdSourcePatch,
    responses((status = 200, description = "The changed R&D source", body = Organisation, headers(("ETag" = String, description = "The record's version, for `If-Match`"))), ChangeErrors))]
#[patch("/rd-sources/{id}")]
pub async fn update_rd_source(
    state: Data<AppState>,
    caller: Caller,
    id: Path<OrgId>,
    if_match: IfMatch,
    Body(body): Body<RdSourcePatch>,
) -> Result<HttpResponse, ApiError> {
    update(state, caller, id, if_match, body).await
}
