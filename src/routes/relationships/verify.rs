use actix_web::{post, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::relationships::model::Relationship;
use crate::relationships::store;
use crate::state::AppState;

/// Mark a relationship as verified (admin).
#[utoipa::path(operation_id = "verifyRelationship", tag = "relationships", security(("api_key" = [])),
    params(("id" = String, Path, description = "Relationship id")),
    responses(
        (status = 200, description = "The verified relationship", body = Relationship),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such relationship", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/relationships/{id}/verify")]
pub async fn verify_relationship(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Relationship>, ApiError> {
    let who = caller.require_admin()?;
    Ok(web::Json(store::verify(&state.db, who, &id).await?))
}
