use actix_web::post;
use actix_web::web::{Data, Json, Path};

use crate::auth::Caller;
use crate::relationships::model::Relationship;
use crate::relationships::store;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;

/// Mark a relationship as verified (admin).
#[utoipa::path(operation_id = "verifyRelationship", tag = "relationships", security(("api_key" = [])),
    params(("id" = String, Path, description = "Relationship id", max_length = 64)),
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
