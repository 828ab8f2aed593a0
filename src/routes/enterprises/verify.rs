use actix_web::{post, web};

use crate::auth::Caller;
use crate::domain::OrgKind;
use crate::error::{ApiError, Problem};
use crate::organisations::model::Organisation;
use crate::organisations::store;
use crate::state::AppState;

/// Mark an enterprise as verified (admin).
#[utoipa::path(operation_id = "verifyEnterprise", tag = "enterprises", security(("api_key" = [])),
    params(("id" = String, Path, description = "Enterprise id")),
    responses(
        (status = 200, description = "The verified enterprise", body = Organisation),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enterprise", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/enterprises/{id}/verify")]
pub async fn verify_enterprise(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Organisation>, ApiError> {
    let who = caller.require_admin()?;
    Ok(web::Json(
        store::verify(&state.db, who, OrgKind::Enterprise, &id).await?,
    ))
}
