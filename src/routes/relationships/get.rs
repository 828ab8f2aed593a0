use actix_web::get;
use actix_web::web::{Data, Json, Path};

use crate::auth::Caller;
use crate::relationships::model::Relationship;
use crate::relationships::store;
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;

/// Get a relationship with its provenance.
///
/// Its kind-specific fields (product, technology and mode, share, topic, scope), the years it held, its source and review status.
#[utoipa::path(operation_id = "getRelationship", tag = "relationships", security((), ("api_key" = [])),
    params(("id" = crate::domain::RecordId, Path, description = "Relationship id")),
    responses((status = 200, description = "The relationship", body = Relationship), LookupErrors))]
#[get("/relationships/{id}")]
pub async fn get_relationship(
    state: Data<AppState>,
    caller: Caller,
    id: Path<String>,
) -> Result<Json<Relationship>, ApiError> {
    caller.require_read()?;
    Ok(Json(store::get(&state.db, &id).await?))
}
