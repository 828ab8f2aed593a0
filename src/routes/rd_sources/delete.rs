use actix_web::{delete, web, HttpResponse};

use crate::auth::Caller;
use crate::domain::OrgKind;
use crate::error::{ApiError, Problem};
use crate::organisations::store;
use crate::state::AppState;

/// Delete an R&D source and its relationships (admin, or the member that owns it).
///
/// Its history stays readable.
#[utoipa::path(operation_id = "deleteRdSource", tag = "rd-sources", security(("api_key" = [])),
    params(("id" = String, Path, description = "R&D source id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Reader key, or owned by another organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such R&D source", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/rd-sources/{id}")]
pub async fn delete_rd_source(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    store::delete(&state.db, who, OrgKind::RdSource, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}
