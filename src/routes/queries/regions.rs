use actix_web::get;
use actix_web::web::{Data, Json};

use crate::auth::Caller;
use crate::queries::regions::{self, Region};
use crate::routes::problem::ApiError;
use crate::routes::responses::ReadErrors;
use crate::state::AppState;

/// List the regions: every province, city and county-level division of Beijing, Tianjin and
/// Hebei, with its parent and parks.
///
/// Reference data (GB/T 2260), in code order, for region pickers and for the `region` filters
/// elsewhere, which take any of these codes and include everything under it.
#[utoipa::path(operation_id = "listRegions", tag = "queries", security((), ("api_key" = [])),
    responses((status = 200, description = "Every region", body = [Region]), ReadErrors))]
#[get("/regions")]
pub async fn list_regions(
    state: Data<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Region>>, ApiError> {
    caller.require_read()?;
    Ok(Json(regions::list(&state.db).await?))
}
