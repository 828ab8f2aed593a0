//! `GET /metrics`: the Prometheus exposition, for admin keys on the service's port; a separate
//! listener (`metrics.listen`) can serve it without a key on an internal address instead.

use actix_web::{get, HttpResponse};

use crate::auth::Caller;
use crate::routes::problem::ApiError;
use crate::routes::responses::OperatorErrors;

/// Metrics in the Prometheus text format (admin).
///
/// Requests by route and status with latency histograms, rate-limit rejections, Neo4j
/// connections in use, query latency by Cypher file, import rows by outcome.
#[utoipa::path(operation_id = "metrics", tag = "operations", security(("api_key" = [])),
    responses((status = 200, description = "Prometheus text exposition format 0.0.4",
        body = String, content_type = "text/plain; version=0.0.4"), OperatorErrors))]
#[get("/metrics")]
pub async fn metrics(caller: Caller) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    Ok(exposition())
}

/// The current metrics as an HTTP answer.
pub fn exposition() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(crate::metrics::install().render())
}
