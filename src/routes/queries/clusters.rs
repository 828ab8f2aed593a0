use actix_web::{get, web};

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::queries::clusters::{self, ClusterDetail, ClusterSummary};
use crate::state::AppState;

/// List the clusters (五群 and the region's single-city national clusters).
#[utoipa::path(operation_id = "listClusters", tag = "queries", security((), ("api_key" = [])),
    responses(
        (status = 200, description = "Every cluster with member counts by region, chains covered, internal and cross-region relationships", body = [ClusterSummary]),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/clusters")]
pub async fn list_clusters(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<Vec<ClusterSummary>>, ApiError> {
    caller.require_read(&state)?;
    let all = clusters::clusters(&state.db, None).await?;
    Ok(web::Json(all.into_iter().map(|c| c.summary).collect()))
}

/// Get a cluster with its members.
#[utoipa::path(operation_id = "getCluster", tag = "queries", security((), ("api_key" = [])),
    params(("id" = String, Path, description = "Cluster id", example = "life-health")),
    responses(
        (status = 200, description = "The cluster and its members", body = ClusterDetail),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such cluster", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/clusters/{id}")]
pub async fn get_cluster(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ClusterDetail>, ApiError> {
    caller.require_read(&state)?;
    Ok(web::Json(clusters::cluster(&state.db, &id).await?))
}
