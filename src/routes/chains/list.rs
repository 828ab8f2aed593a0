use actix_web::{get, web};
use neo4rs::query;

use super::model::ChainSummary;
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

const LIST: &str = include_str!("../../../cypher/chains/list.cypher");

/// List the six key industrial chains.
///
/// The six chains (六链) Beijing, Tianjin and Hebei foster jointly, each with its number of links.
#[utoipa::path(
    operation_id = "listChains",
    tag = "chains",
    security((), ("api_key" = [])),
    responses(
        (status = 200, description = "The six chains", body = [ChainSummary]),
        (status = 401, description = "A key is required (public reads are off) or the key is invalid",
         body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The graph database is unavailable", body = Problem,
         content_type = "application/problem+json"),
    )
)]
#[get("/chains")]
pub async fn list_chains(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<Vec<ChainSummary>>, ApiError> {
    caller.require_read(&state)?;
    let chains = state.db.column(query(LIST), "chain").await?;
    Ok(web::Json(chains))
}
