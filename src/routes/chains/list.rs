use actix_web::{get, web};
use neo4rs::query;

use super::model::ChainSummary;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

const LIST: &str = include_str!("../../../cypher/chains/list.cypher");

/// List the six key industrial chains.
///
/// The six chains (六链) Beijing, Tianjin and Hebei foster jointly, each with its number of links.
#[utoipa::path(
    operation_id = "listChains",
    tag = "chains",
    responses(
        (status = 200, description = "The six chains", body = [ChainSummary]),
        (status = 503, description = "The graph database is unavailable", body = Problem,
         content_type = "application/problem+json"),
    )
)]
#[get("/chains")]
pub async fn list_chains(
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<ChainSummary>>, ApiError> {
    let chains = state.db.column(query(LIST), "chain").await?;
    Ok(web::Json(chains))
}
