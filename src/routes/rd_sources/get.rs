use actix_web::{get, web};

use crate::auth::Caller;
use crate::domain::OrgKind;
use crate::error::{ApiError, Problem};
use crate::organisations::model::Organisation;
use crate::organisations::store;
use crate::state::AppState;

/// Get an R&D source.
#[utoipa::path(operation_id = "getRdSource", tag = "rd-sources", security((), ("api_key" = [])),
    params(("id" = String, Path, description = "R&D source id")),
    responses(
        (status = 200, description = "The R&D source", body = Organisation),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such R&D source", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/rd-sources/{id}")]
pub async fn get_rd_source(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Organisation>, ApiError> {
    caller.require_read(&state)?;
    Ok(web::Json(
        store::get_or_404(&state.db, OrgKind::RdSource, &id).await?,
    ))
}
