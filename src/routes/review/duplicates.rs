use actix_web::get;
use actix_web::web::{Data, Json};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{Caller, Role};
use crate::reconcile::duplicates::{self, DuplicatePair};
use crate::routes::extract::{page_limit, Params};
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DuplicatesQuery {
    /// How many records to look at, 1 to 500 (default 200).
    #[param(minimum = 1, maximum = 500, value_type = Option<u32>)]
    pub limit: Option<usize>,
}

/// Possible duplicates (admin or member).
///
/// Records whose name and region reconcile confidently (docs/RECONCILE.md) to another record of
/// their kind: for a curator, among the real records awaiting review, where duplicates arrive;
/// for a member, among its own records. Each pair names both; a curator merges the duplicate
/// into the other with `POST /api/v1/enterprises/{id}/merge` (or `/rd-sources/`).
#[utoipa::path(operation_id = "listPossibleDuplicates", tag = "review", security(("api_key" = [])),
    params(DuplicatesQuery),
    responses((status = 200, description = "The pairs, most alike first", body = [DuplicatePair]), ActionErrors))]
#[get("/duplicates")]
pub async fn list_possible_duplicates(
    state: Data<AppState>,
    caller: Caller,
    params: Params<DuplicatesQuery>,
) -> Result<Json<Vec<DuplicatePair>>, ApiError> {
    let who = caller.require_write()?;
    let limit = page_limit(params.into_inner().limit, 200, 500)?;
    let owner = (who.role != Role::Admin).then(|| who.owner());
    let pairs = duplicates::possible_duplicates(&state.db, owner.as_deref(), limit).await?;
    Ok(Json(pairs))
}
