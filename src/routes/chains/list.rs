use actix_web::get;
use actix_web::web::{Data, Json};

use crate::auth::Caller;
use crate::queries::chains::{self, ChainSummary};
use crate::routes::problem::ApiError;
use crate::routes::responses::ReadErrors;
use crate::state::AppState;

/// List the six key industrial chains.
///
/// The six chains (六链) Beijing, Tianjin and Hebei foster jointly, each with its number of links.
#[utoipa::path(operation_id = "listChains", tag = "chains", security((), ("api_key" = [])),
    responses((status = 200, description = "The six chains", body = [ChainSummary]), ReadErrors))]
#[get("/chains")]
pub async fn list_chains(
    state: Data<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ChainSummary>>, ApiError> {
    caller.require_read()?;
    Ok(Json(chains::list(&state.db).await?))
}
