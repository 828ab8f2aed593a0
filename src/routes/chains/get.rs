use actix_web::{get, web};
use neo4rs::query;

use super::model::ChainDetail;
use crate::auth::Caller;
use crate::domain::ChainId;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

const GET: &str = include_str!("../../../cypher/chains/get.cypher");

/// Get a chain and its links in order.
///
/// The chain's links (环节) from upstream to downstream, each with its stage and the links it feeds.
#[utoipa::path(
    operation_id = "getChain",
    tag = "chains",
    security((), ("api_key" = [])),
    params(("id" = ChainId, Path, description = "Chain id")),
    responses(
        (status = 200, description = "The chain and its links", body = ChainDetail),
        (status = 404, description = "No such chain", body = Problem,
         content_type = "application/problem+json"),
        (status = 401, description = "A key is required (public reads are off) or the key is invalid",
         body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The graph database is unavailable", body = Problem,
         content_type = "application/problem+json"),
    )
)]
#[get("/chains/{id}")]
pub async fn get_chain(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ChainDetail>, ApiError> {
    caller.require_read(&state)?;
    let not_found = || ApiError::NotFound(format!("chain '{id}' does not exist"));
    let chain = ChainId::parse(&id).ok_or_else(not_found)?;
    let found: Vec<ChainDetail> = state
        .db
        .column(query(GET).param("id", chain.as_str()), "chain")
        .await?;
    found
        .into_iter()
        .next()
        .map(web::Json)
        .ok_or_else(not_found)
}
