use actix_web::get;
use actix_web::web::{Data, Json, Path};

use crate::auth::Caller;
use crate::changelog::{self, Change};
use crate::domain::RecordKind;
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;

/// The change history of a relationship, oldest first (also after it was deleted).
///
/// Every change, oldest first: the action, when, the key and member organisation that made it, and for an update each field's `from` and `to` (the feed a mirror or an auditor reads).
#[utoipa::path(operation_id = "getRelationshipHistory", tag = "relationships", security((), ("api_key" = [])),
    params(("id" = crate::domain::RecordId, Path, description = "Relationship id")),
    responses((status = 200, description = "Every recorded change", body = [Change]), LookupErrors))]
#[get("/relationships/{id}/history")]
pub async fn relationship_history(
    state: Data<AppState>,
    caller: Caller,
    id: Path<String>,
) -> Result<Json<Vec<Change>>, ApiError> {
    caller.require_read()?;
    let changes = changelog::of_record(&state.db, RecordKind::Relationship, &id).await?;
    Ok(Json(changes))
}
