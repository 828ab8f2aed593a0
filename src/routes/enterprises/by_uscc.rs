use actix_web::{get, web};

use crate::auth::Caller;
use crate::domain::Uscc;
use crate::error::{ApiError, Problem};
use crate::organisations::model::Organisation;
use crate::organisations::store;
use crate::state::AppState;

/// Find an enterprise by its Unified Social Credit Code.
#[utoipa::path(operation_id = "getEnterpriseByUscc", tag = "enterprises", security((), ("api_key" = [])),
    params(("uscc" = String, Path, description = "18-character USCC", example = "91350100M000100Y43")),
    responses(
        (status = 200, description = "The enterprise", body = Organisation),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No enterprise has this USCC", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid USCC", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/enterprises/by-uscc/{uscc}")]
pub async fn get_enterprise_by_uscc(
    state: web::Data<AppState>,
    caller: Caller,
    uscc: web::Path<String>,
) -> Result<web::Json<Organisation>, ApiError> {
    caller.require_read(&state)?;
    let uscc =
        Uscc::parse(&uscc).map_err(|e| ApiError::invalid("uscc", e.rule(), e.to_string()))?;
    store::by_uscc(&state.db, uscc.as_str())
        .await?
        .map(web::Json)
        .ok_or_else(|| ApiError::NotFound(format!("no enterprise has USCC {uscc}")))
}
