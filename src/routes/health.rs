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
/// 200 when start-up has finished (every schema file applied and, where configured, an empty
/// database seeded) and Neo4j answers; 503 otherwise. The API answers 503 while this does.
#[utoipa::path(operation_id = "ready", tag = "operations", security(()),
    responses(
        (status = 200, description = "Neo4j reachable and schema applied", body = Status),
        (status = 503, description = "Neo4j unreachable, or start-up (schema, seeding) not finished",
         body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<web::Json<Status>, ApiError> {
    if !state.readiness.is_ready() {
        return Err(ApiError::Unavailable("start-up not finished".into()));
    }
    let db = state.db.with_timeout(READY_TIMEOUT);
    if schema::is_current(&db).await? {
        Ok(web::Json(Status { status: "ready" }))
    } else {
        Err(ApiError::Unavailable("schema not yet applied".into()))
    }
}
