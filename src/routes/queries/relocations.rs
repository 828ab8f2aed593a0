use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::ChainId;
use crate::error::{ApiError, Problem};
use crate::queries::relocations::{self, Relocation};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RelocationQuery {
    /// Region moved out of (its whole subtree; default 110000, Beijing).
    #[param(example = "110000")]
    pub from: Option<String>,
    /// Region moved into (its whole subtree; default: anywhere).
    #[param(example = "130000")]
    pub to: Option<String>,
    /// Only organisations in this chain.
    pub chain: Option<ChainId>,
    /// At most this many, 1 to 500 (default 200).
    pub limit: Option<usize>,
}

/// Relocations (疏解): who moved out of a region, where to, and when.
#[utoipa::path(operation_id = "listRelocations", tag = "queries", security((), ("api_key" = [])),
    params(RelocationQuery),
    responses(
        (status = 200, description = "Relocations, newest first", body = [Relocation]),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown region or invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or query too slow", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/relocations")]
pub async fn list_relocations(
    state: web::Data<AppState>,
    caller: Caller,
    params: web::Query<RelocationQuery>,
) -> Result<web::Json<Vec<Relocation>>, ApiError> {
    caller.require_read(&state)?;
    let p = params.into_inner();
    let limit = p.limit.unwrap_or(200);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::invalid("limit", "range", "must be 1 to 500"));
    }
    let from = p.from.as_deref().unwrap_or("110000");
    Ok(web::Json(
        relocations::relocations(&state.db, from, p.to.as_deref(), p.chain, limit).await?,
    ))
}
