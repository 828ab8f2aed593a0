//! Liveness and readiness probes.

use std::time::Duration;

use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::schema;
use crate::routes::problem::{ApiError, Problem};
use crate::state::AppState;

/// Readiness probes must answer quickly even when the database hangs.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, Serialize, ToSchema)]
pub struct Status {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Is the process up?
///
/// Answers 200 whenever the process serves HTTP; it does not touch the database.
#[utoipa::path(operation_id = "health", tag = "operations", security(()),
    responses((status = 200, description = "The process is up", body = Status)))]
#[get("/health")]
pub async fn health() -> web::Json<Status> {
    web::Json(Status { status: "ok" })
}

/// Can the service answer queries?
///
/// 200 when Neo4j answers and every schema file is applied; 503 otherwise.
#[utoipa::path(operation_id = "ready", tag = "operations", security(()),
    responses(
        (status = 200, description = "Neo4j reachable and schema applied", body = Status),
        (status = 503, description = "Neo4j unreachable, or the schema not yet applied",
         body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<web::Json<Status>, ApiError> {
    let db = state.db.with_timeout(READY_TIMEOUT);
    if schema::is_current(&db).await? {
        Ok(web::Json(Status { status: "ready" }))
    } else {
        Err(ApiError::Unavailable("schema not yet applied".into()))
    }
}
