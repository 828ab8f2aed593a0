use actix_web::{get, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::relationships::model::Relationship;
use crate::relationships::store;
use crate::state::AppState;

/// Get a relationship with its provenance.
#[utoipa::path(operation_id = "getRelationship", tag = "relationships", security((), ("api_key" = [])),
    params(("id" = String, Path, description = "Relationship id")),
    responses(
        (status = 200, description = "The relationship", body = Relationship),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such relationship", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/relationships/{id}")]
pub async fn get_relationship(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Relationship>, ApiError> {
    caller.require_read(&state)?;
    Ok(web::Json(store::get_or_404(&state.db, &id).await?))
}
