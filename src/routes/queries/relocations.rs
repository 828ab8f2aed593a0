use actix_web::get;
use actix_web::web::{Data, Json};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::{ChainId, RegionCode};
use crate::queries::relocations::{self, Relocation};
use crate::routes::extract::{page_limit, Params};
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RelocationQuery {
    /// Region moved out of (its whole subtree; default 110000, Beijing).
    #[param(example = "110000", value_type = Option<crate::domain::RegionCode>)]
    pub from: Option<RegionCode>,
    /// Region moved into (its whole subtree; default: anywhere).
    #[param(example = "130000", value_type = Option<crate::domain::RegionCode>)]
    pub to: Option<RegionCode>,
    /// Only organisations in this chain.
    pub chain: Option<ChainId>,
    /// Only synthetic (true) or only real (false) relocations: `false` hides demo data.
    pub synthetic: Option<bool>,
    /// At most this many, 1 to 500 (default 200).
    #[param(minimum = 1, maximum = 500, value_type = Option<u32>)]
    pub limit: Option<usize>,
}

/// Relocations (疏解): who moved out of a region, where to, and when.
///
/// Each with the year, the scope (headquarters, production…) and the report that states it, newest first.
#[utoipa::path(operation_id = "listRelocations", tag = "queries", security((), ("api_key" = [])),
    params(RelocationQuery),
    responses((status = 200, description = "Relocations, newest first", body = [Relocation]), LookupErrors))]
#[get("/relocations")]
pub async fn list_relocations(
    state: Data<AppState>,
    caller: Caller,
    params: Params<RelocationQuery>,
) -> Result<Json<Vec<Relocation>>, ApiError> {
    caller.require_read()?;
    let p = params.into_inner();
    let limit = page_limit(p.limit, 200, 500)?;
    let from = p
        .from
        .unwrap_or_else(|| RegionCode::parse("110000").expect("a valid code"));
    let found =
        relocations::relocations(&state.db, &from, p.to.as_ref(), p.chain, p.synthetic, limit)
            .await?;
    Ok(Json(found))
}
