use actix_web::{get, web};

use crate::auth::Caller;
use crate::domain::OrgKind;
use crate::error::{ApiError, Problem};
use crate::organisations::model::Organisation;
use crate::organisations::store;
use crate::state::AppState;

/// Get an enterprise.
#[utoipa::path(operation_id = "getEnterprise", tag = "enterprises", security((), ("api_key" = [])),
    params(("id" = String, Path, description = "Enterprise id")),
    responses(
        (status = 200, description = "The enterprise", body = Organisation),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enterprise", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/enterprises/{id}")]
pub async fn get_enterprise(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Organisation>, ApiError> {
    caller.require_read(&state)?;
    Ok(web::Json(
        store::get_or_404(&state.db, OrgKind::Enterprise, &id).await?,
    ))
}
