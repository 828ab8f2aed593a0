use actix_web::get;
use actix_web::web::{Data, Json, Path};
use serde::Deserialize;
use utoipa::IntoParams;

use super::map::hebei;
use crate::auth::Caller;
use crate::domain::{ChainId, RegionCode, SegmentId};
use crate::queries::chains;
use crate::queries::matches::{self, Matches};
use crate::routes::extract::{page_limit, Params};
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;

const MAX_LIMIT: usize = 200;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MatchesQuery {
    /// The link whose technology is matched: R&D sources with a capability in it.
    #[param(example = "hydrogen.stack-mea", value_type = crate::domain::SegmentId)]
    pub link: SegmentId,
    /// Target region whose firms could use it (default 130000, Hebei), as for the map and lists.
    #[param(example = "130000", value_type = Option<crate::domain::RegionCode>)]
    pub region: Option<RegionCode>,
    /// At most this many pairs, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200, value_type = Option<u32>)]
    pub limit: Option<usize>,
    /// Only synthetic (true) or only real (false) sources and firms: `false` hides demo data.
    pub synthetic: Option<bool>,
}

/// Lab-to-plant matches (产学研对接).
///
/// Pairs of an R&D source outside the target region with a capability in the link, and a firm
/// of the target region in the link or in a link it feeds, that have no technology transfer,
/// cooperation or incubation between them yet; best first, each with its score and the reason.
#[utoipa::path(operation_id = "getChainMatches", tag = "queries", security((), ("api_key" = [])),
    params(("id" = ChainId, Path, description = "Chain id"), MatchesQuery),
    responses((status = 200, description = "The matches", body = Matches), LookupErrors))]
#[get("/chains/{id}/matches")]
pub async fn get_chain_matches(
    state: Data<AppState>,
    caller: Caller,
    id: Path<String>,
    params: Params<MatchesQuery>,
) -> Result<Json<Matches>, ApiError> {
    caller.require_read()?;
    let chain = chains::parse(&id)?;
    let p = params.into_inner();
    let limit = page_limit(p.limit, 50, MAX_LIMIT)?;
    let target = p.region.unwrap_or_else(hebei);
    let found = matches::matches(&state.db, chain, &p.link, &target, limit, p.synthetic).await?;
    Ok(Json(found))
}
