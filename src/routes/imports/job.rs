use actix_web::get;
use actix_web::web::{Data, Json, Path};

use crate::auth::Caller;
use crate::imports::jobs::{self, ImportJob};
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;

/// Follow a background import (the key that started it, or an admin).
///
/// Its status (`running`, `done`, `refused` when invalid rows stopped it before anything was
/// written, `failed` when it stopped part-way: run the same import again to write the rest),
/// rows done of the total, and once finished its report.
#[utoipa::path(operation_id = "getImportJob", tag = "imports", security(("api_key" = [])),
    params(("id" = crate::domain::RecordId, Path, description = "Job id (from the 202 answer)")),
    responses((status = 200, description = "The job", body = ImportJob), ActionErrors))]
#[get("/imports/{id}")]
pub async fn get_import_job(
    state: Data<AppState>,
    caller: Caller,
    id: Path<String>,
) -> Result<Json<ImportJob>, ApiError> {
    let who = caller.require_write()?;
    Ok(Json(jobs::get(&state.db, who, &id).await?))
}
