use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::queries::impact::{self, Impact};
use crate::queries::paths::HopBound;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImpactQuery {
    /// Supply hops to follow downstream, 1 to 6 (default 3).
    pub depth: Option<u8>,
}

/// Who is hit if this enterprise stops?
///
/// Every organisation downstream by supply within `depth` hops, grouped by region and chain,
/// with the products each would lose and those for which it has no unaffected alternative
/// supplier.
#[utoipa::path(operation_id = "getEnterpriseImpact", tag = "queries", security((), ("api_key" = [])),
    params(("id" = String, Path, description = "Enterprise id"), ImpactQuery),
    responses(
        (status = 200, description = "The affected firms", body = Impact),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enterprise", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid depth", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or query too slow", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/enterprises/{id}/impact")]
pub async fn get_enterprise_impact(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    params: web::Query<ImpactQuery>,
) -> Result<web::Json<Impact>, ApiError> {
    caller.require_read(&state)?;
    let depth = HopBound::new(params.depth.unwrap_or(3), "depth")?;
    let max = state.settings.queries.impact_max_affected;
    Ok(web::Json(impact::impact(&state.db, &id, depth, max).await?))
}
