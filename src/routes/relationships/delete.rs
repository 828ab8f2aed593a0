use actix_web::web::{Data, Path};
use actix_web::{delete, HttpResponse};

use crate::auth::Caller;
use crate::relationships::store;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;

/// Delete a relationship (admin, or the member that recorded it).
///
/// The relationship is gone from every answer; its history stays readable.
#[utoipa::path(operation_id = "deleteRelationship", tag = "relationships", security(("api_key" = [])),
    params(("id" = crate::domain::RecordId, Path, description = "Relationship id")),
    responses((status = 204, description = "Deleted"), ActionErrors))]
#[delete("/relationships/{id}")]
pub async fn delete_relationship(
    state: Data<AppState>,
    caller: Caller,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    store::delete(&state.db, who, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}
