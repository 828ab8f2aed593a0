use actix_web::get;
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::{Provenance, RegionCode};
use crate::queries::cache::FlowsKey;
use crate::queries::flows::Flows;
use crate::routes::answered;
use crate::routes::extract::Params;
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;
use crate::validate::Checks;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FlowQuery {
    /// Region the flows leave (its whole subtree).
    #[param(example = "110000", value_type = crate::domain::RegionCode)]
    pub from_region: RegionCode,
    /// Region the flows reach (its whole subtree).
    #[param(example = "130000", value_type = crate::domain::RegionCode)]
    pub to_region: RegionCode,
    /// Count only verified (true) or only unverified (false) relationships.
    pub verified: Option<bool>,
    /// Count only synthetic (true) or only real (false) relationships: `false` hides demo and
    /// benchmark data.
    pub synthetic: Option<bool>,
    /// Count only relationships known to hold in this year (their year or `valid_from` at most
    /// it, `valid_to` if any at least it): the flows as they stood then.
    #[param(minimum = 1949, maximum = 2100)]
    pub as_of: Option<i64>,
}

/// Flows from one region to another.
///
/// Technology transfers, supplies, investments and relocations from one region's subtree to
/// another's, by chain and by year: the "Beijing R&D, Tianjin–Hebei manufacturing" indicator.
#[utoipa::path(operation_id = "getFlows", tag = "queries", security((), ("api_key" = [])),
    params(FlowQuery),
    responses((status = 200, description = "The counts", body = Flows), LookupErrors))]
#[get("/flows")]
pub async fn get_flows(
    state: Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    params: Params<FlowQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_read()?;
    let p = params.into_inner();
    let which = Provenance {
        verified: p.verified,
        synthetic: p.synthetic,
    };
    Checks::as_of(p.as_of)?;
    let key = FlowsKey {
        from: p.from_region,
        to: p.to_region,
        which,
        as_of: p.as_of,
    };
    let flows = state
        .answers
        .flows(&state.db, key, answered::wants_current(&req))
        .await?;
    Ok(answered::json(&req, &flows))
}
