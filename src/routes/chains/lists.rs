use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::ChainId;
use crate::error::{ApiError, Problem};
use crate::queries::lists::{self, ChainLists};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListsQuery {
    /// Target region (default 130000, Hebei).
    #[param(example = "130000")]
    pub region: Option<String>,
}

/// The three lists (三张清单) of a chain for a target region.
///
/// Bottlenecks (卡点): links where the region's firms depend on one supplier, or only on
/// suppliers outside the region, from the links that feed them. Investment leads (堵点招商):
/// links missing or weak in the region, each with candidate firms elsewhere in
/// Beijing–Tianjin–Hebei ranked by how many of the region's firms they already supply, then
/// verified status, then size. Key enterprises (重点企业): chain leaders, and the region's firms
/// in each link with their share of in-chain relationships.
#[utoipa::path(operation_id = "getChainLists", tag = "queries", security((), ("api_key" = [])),
    params(("id" = ChainId, Path, description = "Chain id"), ListsQuery),
    responses(
        (status = 200, description = "The three lists", body = ChainLists),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such chain", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown region", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or query too slow", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/chains/{id}/lists")]
pub async fn get_chain_lists(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    params: web::Query<ListsQuery>,
) -> Result<web::Json<ChainLists>, ApiError> {
    caller.require_read(&state)?;
    let chain = ChainId::parse(&id)
        .ok_or_else(|| ApiError::NotFound(format!("chain '{id}' does not exist")))?;
    let target = params.region.as_deref().unwrap_or("130000");
    Ok(web::Json(
        lists::lists(&state.db, chain, target, &state.settings.queries).await?,
    ))
}
