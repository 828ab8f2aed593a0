use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::queries::flows::{self, Flows};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FlowQuery {
    /// Region the flows leave (its whole subtree).
    #[param(example = "110000")]
    pub from_region: String,
    /// Region the flows reach (its whole subtree).
    #[param(example = "130000")]
    pub to_region: String,
    /// Count only verified (true) or only unverified (false) relationships.
    pub verified: Option<bool>,
}

/// Flows from one region to another.
///
/// Technology transfers, supplies, investments and relocations from one region's subtree to
/// another's, by chain and by year: the "Beijing R&D, Tianjin–Hebei manufacturing" indicator.
#[utoipa::path(operation_id = "getFlows", tag = "queries", security((), ("api_key" = [])),
    params(FlowQuery),
    responses(
        (status = 200, description = "The counts", body = Flows),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown region", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or query too slow", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/flows")]
pub async fn get_flows(
    state: web::Data<AppState>,
    caller: Caller,
    params: web::Query<FlowQuery>,
) -> Result<web::Json<Flows>, ApiError> {
    caller.require_read(&state)?;
    let p = params.into_inner();
    Ok(web::Json(
        flows::flows(&state.db, &p.from_region, &p.to_region, p.verified).await?,
    ))
}
