use actix_web::get;
use actix_web::web::{Data, Json};

use crate::auth::Caller;
use crate::review::{self, OwnRecord};
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;

/// The records this key's organisation owns.
const LIMIT: usize = 500;

/// List the records the caller's organisation recorded.
///
/// Its enterprises, R&D sources and relationships with their review status (and a rejection's
/// reason), most recently changed first (at most 500).
#[utoipa::path(operation_id = "listOwnRecords", tag = "review", security(("api_key" = [])),
    responses((status = 200, description = "The records, newest first", body = [OwnRecord]), ActionErrors))]
#[get("/me/records")]
pub async fn list_own_records(
    state: Data<AppState>,
    caller: Caller,
) -> Result<Json<Vec<OwnRecord>>, ApiError> {
    let who = caller.require_write()?;
    Ok(Json(
        review::own_records(&state.db, &who.owner(), LIMIT).await?,
    ))
}
