use actix_web::{delete, web, HttpResponse};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::relationships::store;
use crate::state::AppState;

/// Delete a relationship (admin, or the member that recorded it).
#[utoipa::path(operation_id = "deleteRelationship", tag = "relationships", security(("api_key" = [])),
    params(("id" = String, Path, description = "Relationship id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Reader key, or owned by another organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such relationship", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/relationships/{id}")]
pub async fn delete_relationship(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    store::delete(&state.db, who, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}
