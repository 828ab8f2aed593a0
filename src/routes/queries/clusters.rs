use actix_web::get;
use actix_web::web::{Data, Json, Path};

use crate::auth::Caller;
use crate::queries::clusters::{self, ClusterDetail, ClusterSummary};
use crate::routes::problem::ApiError;
use crate::routes::responses::{LookupErrors, ReadErrors};
use crate::state::AppState;

/// List the clusters (五群 and the region's single-city national clusters).
#[utoipa::path(operation_id = "listClusters", tag = "queries", security((), ("api_key" = [])),
    responses((status = 200, description = "Every cluster with member counts by region, chains covered, internal and cross-region relationships", body = [ClusterSummary]), ReadErrors))]
#[get("/clusters")]
pub async fn list_clusters(
    state: Data<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ClusterSummary>>, ApiError> {
    caller.require_read()?;
    let all = clusters::clusters(&state.db, None).await?;
    Ok(Json(all.into_iter().map(|c| c.summary).collect()))
}

/// Get a cluster with its members.
#[utoipa::path(operation_id = "getCluster", tag = "queries", security((), ("api_key" = [])),
    params(("id" = String, Path, description = "Cluster id", example = "life-health", max_length = 64)),
    responses((status = 200, description = "The cluster and its members", body = ClusterDetail), LookupErrors))]
#[get("/clusters/{id}")]
pub async fn get_cluster(
    state: Data<AppState>,
    caller: Caller,
    id: Path<String>,
) -> Result<Json<ClusterDetail>, ApiError> {
    caller.require_read()?;
    Ok(Json(clusters::cluster(&state.db, &id).await?))
}
