use actix_web::get;
use actix_web::web::{Data, Json};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::{OrgId, RelKind};
use crate::error::Error;
use crate::queries::paths::{self, HopBound, PathAnswer};
use crate::routes::extract::{comma_separated, Params};
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PathQuery {
    /// Organisation the paths start from.
    #[param(example = "bwi-beijing-rd", value_type = crate::domain::OrgId)]
    pub from: OrgId,
    /// Organisation the paths end at.
    #[param(example = "bwi-zhangjiakou", value_type = crate::domain::OrgId)]
    pub to: OrgId,
    /// How many paths, 1 to 20 (default 5).
    #[param(minimum = 1, maximum = 20)]
    pub k: Option<u8>,
    /// Longest path in hops, 1 to 6 (default 4).
    #[param(minimum = 1, maximum = 6)]
    pub max_hops: Option<u8>,
    /// Comma-separated relationship kinds to follow (default:
    /// `transfers_technology,supplies,incubates,invests_in,branch_of`).
    #[param(
        example = "transfers_technology,supplies",
        max_length = 200,
        pattern = "^(supplies|transfers_technology|invests_in|cooperates_with|incubates|branch_of|relocated_from)(,(supplies|transfers_technology|invests_in|cooperates_with|incubates|branch_of|relocated_from))*$"
    )]
    pub kinds: Option<String>,
    /// Follow only synthetic (true) or only real (false) relationships: `false` hides demo data.
    pub synthetic: Option<bool>,
}

/// Parses a comma-separated list of relationship kinds.
pub fn parse_kinds(text: Option<&str>, default: &[RelKind]) -> Result<Vec<RelKind>, Error> {
    match text {
        None => Ok(default.to_vec()),
        Some(text) => comma_separated("kinds", "relationship kind", text, RelKind::parse),
    }
}

/// Shortest paths from one organisation to another.
///
/// Up to `k` shortest directed paths (e.g. a Beijing lab → a Tianjin supplier → a Hebei
/// manufacturer), each hop with its relationship, product or technology, year and source.
#[utoipa::path(operation_id = "findPaths", tag = "queries", security((), ("api_key" = [])),
    params(PathQuery),
    responses((status = 200, description = "Paths, shortest first; empty when none within the bounds", body = PathAnswer), LookupErrors))]
#[get("/paths")]
pub async fn find_paths(
    state: Data<AppState>,
    caller: Caller,
    params: Params<PathQuery>,
) -> Result<Json<PathAnswer>, ApiError> {
    caller.require_read()?;
    let p = params.into_inner();
    let k = p.k.unwrap_or(5);
    if !(1..=20).contains(&k) {
        return Err(Error::invalid("k", "range", "must be 1 to 20").into());
    }
    let hops = HopBound::new(p.max_hops.unwrap_or(4), "max_hops")?;
    let kinds = parse_kinds(p.kinds.as_deref(), &paths::DEFAULT_KINDS)?;
    let answer = paths::find(
        &state.db,
        p.from.as_str(),
        p.to.as_str(),
        k,
        hops,
        kinds,
        p.synthetic,
    )
    .await?;
    Ok(Json(answer))
}
