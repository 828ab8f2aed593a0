// The old USCC route stays until /api/v2; its own registration must not warn about it.
#![allow(deprecated)]

use actix_web::get;
use actix_web::web::{Data, Json, Path};

use crate::auth::Caller;
use crate::domain::Uscc;
use crate::error::Error;
use crate::organisations::model::Organisation;
use crate::organisations::store;
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;

async fn by_uscc(
    state: Data<AppState>,
    caller: Caller,
    uscc: &str,
) -> Result<Json<Organisation>, ApiError> {
    caller.require_read()?;
    let uscc = Uscc::parse(uscc).map_err(|e| Error::invalid("uscc", e.rule(), e.to_string()))?;
    Ok(Json(store::by_uscc(&state.db, uscc.as_str()).await?))
}

/// Find an enterprise by its Unified Social Credit Code.
///
/// How a registration finds a code's holder before it clashes (409), and how a list with USCCs is matched to the records.
#[utoipa::path(operation_id = "findEnterpriseByUscc", tag = "enterprises", security((), ("api_key" = [])),
    params(("uscc" = crate::domain::Uscc, Path, description = "18-character USCC with a valid check character", example = "91350100M000100Y43")),
    responses((status = 200, description = "The enterprise", body = Organisation), LookupErrors))]
#[get("/uscc/{uscc}")]
pub async fn find_enterprise_by_uscc(
    state: Data<AppState>,
    caller: Caller,
    uscc: Path<String>,
) -> Result<Json<Organisation>, ApiError> {
    by_uscc(state, caller, &uscc).await
}

/// Find an enterprise by its USCC (deprecated: use `/api/v1/uscc/{uscc}`).
///
/// Kept working for clients of the first /api/v1 release. Its path overlaps
/// `/api/v1/enterprises/{id}/…` (an enterprise with the id `by-uscc` could not be told apart),
/// which is why it moved.
#[utoipa::path(operation_id = "getEnterpriseByUscc", tag = "enterprises", security((), ("api_key" = [])),
    params(("uscc" = crate::domain::Uscc, Path, description = "18-character USCC with a valid check character", example = "91350100M000100Y43")),
    responses((status = 200, description = "The enterprise", body = Organisation), LookupErrors))]
#[deprecated = "use find_enterprise_by_uscc (/api/v1/uscc/{uscc})"]
#[get("/enterprises/by-uscc/{uscc}")]
pub async fn get_enterprise_by_uscc(
    state: Data<AppState>,
    caller: Caller,
    uscc: Path<String>,
) -> Result<Json<Organisation>, ApiError> {
    by_uscc(state, caller, &uscc).await
}
