use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::RelKind;
use crate::error::{ApiError, Problem};
use crate::queries::paths::{self, HopBound, PathAnswer};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PathQuery {
    /// Organisation the paths start from.
    #[param(example = "ustb")]
    pub from: String,
    /// Organisation the paths end at.
    #[param(example = "tangshan-baichuan-robot-plant")]
    pub to: String,
    /// How many paths, 1 to 20 (default 5).
    pub k: Option<u8>,
    /// Longest path in hops, 1 to 6 (default 4).
    pub max_hops: Option<u8>,
    /// Comma-separated relationship kinds to follow (default:
    /// `transfers_technology,supplies,incubates,invests_in,branch_of`).
    #[param(example = "transfers_technology,supplies")]
    pub kinds: Option<String>,
}

/// Parses a comma-separated list of relationship kinds.
pub fn parse_kinds(text: Option<&str>, default: &[RelKind]) -> Result<Vec<RelKind>, ApiError> {
    let Some(text) = text else {
        return Ok(default.to_vec());
    };
    text.split(',')
        .map(|k| {
            serde_json::from_value(serde_json::json!(k.trim())).map_err(|_| {
                ApiError::invalid(
                    "kinds",
                    "enum",
                    format!("unknown relationship kind '{}'", k.trim()),
                )
            })
        })
        .collect()
}

/// Shortest paths from one organisation to another.
///
/// Up to `k` shortest directed paths (e.g. a Beijing lab → a Tianjin supplier → a Hebei
/// manufacturer), each hop with its relationship, product or technology, year and source.
#[utoipa::path(operation_id = "findPaths", tag = "queries", security((), ("api_key" = [])),
    params(PathQuery),
    responses(
        (status = 200, description = "Paths, shortest first; empty when none within the bounds", body = PathAnswer),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable or query too slow", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/paths")]
pub async fn find_paths(
    state: web::Data<AppState>,
    caller: Caller,
    params: web::Query<PathQuery>,
) -> Result<web::Json<PathAnswer>, ApiError> {
    caller.require_read(&state)?;
    let k = params.k.unwrap_or(5);
    if !(1..=20).contains(&k) {
        return Err(ApiError::invalid("k", "range", "must be 1 to 20"));
    }
    let hops = HopBound::new(params.max_hops.unwrap_or(4), "max_hops")?;
    let kinds = parse_kinds(params.kinds.as_deref(), &paths::DEFAULT_KINDS)?;
    Ok(web::Json(
        paths::find(&state.db, &params.from, &params.to, k, hops, kinds).await?,
    ))
}
