use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::ChainId;
use crate::error::{ApiError, Problem};
use crate::queries::chain_map::{self, ChainMap};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MapQuery {
    /// Region whose strength is graded (default 130000, Hebei); any region code works.
    #[param(example = "130000")]
    pub region: Option<String>,
    /// `city` adds counts per city.
    pub by: Option<MapBreakdown>,
    /// Count only verified (true) or only unverified (false) enterprises.
    pub verified: Option<bool>,
}

#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MapBreakdown {
    City,
}

/// The chain map (产业链图谱).
///
/// For every link, upstream first: enterprises by province (and by city), the chain leaders, and
/// the target region's strength: missing, weak, present or strong (thresholds in configuration).
#[utoipa::path(operation_id = "getChainMap", tag = "queries", security((), ("api_key" = [])),
    params(("id" = ChainId, Path, description = "Chain id"), MapQuery),
    responses(
        (status = 200, description = "The map", body = ChainMap),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such chain", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown region or invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or query too slow", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/chains/{id}/map")]
pub async fn get_chain_map(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    params: web::Query<MapQuery>,
) -> Result<web::Json<ChainMap>, ApiError> {
    caller.require_read(&state)?;
    let chain = ChainId::parse(&id)
        .ok_or_else(|| ApiError::NotFound(format!("chain '{id}' does not exist")))?;
    let target = params.region.as_deref().unwrap_or("130000");
    let by_city = params.by.is_some();
    let thresholds = &state.settings.queries;
    Ok(web::Json(
        chain_map::chain_map(
            &state.db,
            chain,
            target,
            by_city,
            params.verified,
            thresholds,
        )
        .await?,
    ))
}
