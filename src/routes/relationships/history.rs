use actix_web::{get, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::organisations::history::{self, Change};
use crate::relationships::store::TARGET_KIND;
use crate::state::AppState;

/// The change history of a relationship, oldest first (also after it was deleted).
#[utoipa::path(operation_id = "getRelationshipHistory", tag = "relationships", security((), ("api_key" = [])),
    params(("id" = String, Path, description = "Relationship id")),
    responses(
        (status = 200, description = "Every recorded change", body = [Change]),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No history for this id", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/relationships/{id}/history")]
pub async fn relationship_history(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<Change>>, ApiError> {
    caller.require_read(&state)?;
    Ok(web::Json(
        history::of_record(&state.db, TARGET_KIND, &id).await?,
    ))
}
