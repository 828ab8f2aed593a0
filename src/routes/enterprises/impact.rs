use actix_web::get;
use actix_web::web::{Data, Json, Path};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::OrgId;
use crate::queries::impact::{self, Impact};
use crate::queries::paths::HopBound;
use crate::routes::extract::Params;
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImpactQuery {
    /// Supply hops to follow downstream, 1 to 6 (default 3).
    #[param(minimum = 1, maximum = 6)]
    pub depth: Option<u8>,
}

/// Who is hit if this enterprise stops?
///
/// Every organisation downstream by supply within `depth` hops, grouped by region and chain,
/// with the products each would lose and those for which it has no unaffected alternative
/// supplier.
#[utoipa::path(operation_id = "getEnterpriseImpact", tag = "queries", security((), ("api_key" = [])),
    params(("id" = String, Path, description = "Enterprise id", pattern = "^[a-z0-9][a-z0-9-]{0,63}$"), ImpactQuery),
    responses((status = 200, description = "The affected firms", body = Impact), LookupErrors))]
#[get("/enterprises/{id}/impact")]
pub async fn get_enterprise_impact(
    state: Data<AppState>,
    caller: Caller,
    id: Path<OrgId>,
    params: Params<ImpactQuery>,
) -> Result<Json<Impact>, ApiError> {
    caller.require_read()?;
    let depth = HopBound::new(params.depth.unwrap_or(3), "depth")?;
    let max = state.settings.queries.impact_max_affected;
    Ok(Json(impact::impact(&state.db, &id, depth, max).await?))
}
