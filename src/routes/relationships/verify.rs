use actix_web::post;
use actix_web::web::{Data, Json, Path};

use crate::auth::Caller;
use crate::relationships::model::Relationship;
use crate::relationships::store;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;

/// Mark a relationship as verified (admin).
///
/// A curator confirms the record against its source; the decision is kept in its history and the record leaves the review queue.
#[utoipa::path(operation_id = "verifyRelationship", tag = "relationships", security(("api_key" = [])),
    params(("id" = crate::domain::RecordId, Path, description = "Relationship id")),
    responses((status = 200, description = "The verified relationship", body = Relationship), ActionErrors))]
#[post("/relationships/{id}/verify")]
pub async fn verify_relationship(
    state: Data<AppState>,
    caller: Caller,
    id: Path<String>,
) -> Result<Json<Relationship>, ApiError> {
    let who = caller.require_admin()?;
    Ok(Json(store::verify(&state.db, who, &id).await?))
}
