use actix_web::get;
use actix_web::web::{Data, Json, Path};

use crate::auth::Caller;
use crate::domain::ChainId;
use crate::queries::chains::{self, ChainDetail};
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;

/// Get a chain and its links in order.
///
/// The chain's links (环节) from upstream to downstream, each with its stage and the links it feeds.
#[utoipa::path(operation_id = "getChain", tag = "chains", security((), ("api_key" = [])),
    params(("id" = ChainId, Path, description = "Chain id")),
    responses((status = 200, description = "The chain and its links", body = ChainDetail), LookupErrors))]
#[get("/chains/{id}")]
pub async fn get_chain(
    state: Data<AppState>,
    caller: Caller,
    id: Path<String>,
) -> Result<Json<ChainDetail>, ApiError> {
    caller.require_read()?;
    let chain = chains::parse(&id)?;
    Ok(Json(chains::get(&state.db, chain).await?))
}
