use actix_web::patch;
use actix_web::web::{Data, Json, Path};

use crate::auth::Caller;
use crate::domain::OrgId;
use crate::organisations::input::{Edit, EnterprisePatch, RdSourcePatch};
use crate::organisations::model::Organisation;
use crate::organisations::store;
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::ChangeErrors;
use crate::state::AppState;

async fn update(
    state: Data<AppState>,
    caller: Caller,
    id: Path<OrgId>,
    body: impl Edit,
) -> Result<Json<Organisation>, ApiError> {
    let who = caller.require_write()?;
    let patch = body.into_patch()?;
    Ok(Json(store::update(&state.db, who, &id, patch).await?))
}

/// Change an enterprise (admin, or the member that owns it).
#[utoipa::path(operation_id = "updateEnterprise", tag = "enterprises", security(("api_key" = [])),
    params(("id" = String, Path, description = "Organisation id", pattern = "^[a-z0-9][a-z0-9-]{0,63}$")),
    request_body = EnterprisePatch,
    responses((status = 200, description = "The changed enterprise", body = Organisation), ChangeErrors))]
#[patch("/enterprises/{id}")]
pub async fn update_enterprise(
    state: Data<AppState>,
    caller: Caller,
    id: Path<OrgId>,
    Body(body): Body<EnterprisePatch>,
) -> Result<Json<Organisation>, ApiError> {
    update(state, caller, id, body).await
}

/// Change an R&D source (admin, or the member that owns it).
#[utoipa::path(operation_id = "updateRdSource", tag = "rd-sources", security(("api_key" = [])),
    params(("id" = String, Path, description = "Organisation id", pattern = "^[a-z0-9][a-z0-9-]{0,63}$")),
    request_body = RdSourcePatch,
    responses((status = 200, description = "The changed R&D source", body = Organisation), ChangeErrors))]
#[patch("/rd-sources/{id}")]
pub async fn update_rd_source(
    state: Data<AppState>,
    caller: Caller,
    id: Path<OrgId>,
    Body(body): Body<RdSourcePatch>,
) -> Result<Json<Organisation>, ApiError> {
    update(state, caller, id, body).await
}
