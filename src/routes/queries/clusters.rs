use actix_web::get;
use actix_web::web::{Data, Json, Path};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::ClusterKind;
use crate::queries::clusters::{self, ClusterDetail, ClusterFilter, ClusterSummary};
use crate::routes::extract::Params;
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ClusterListQuery {
    /// Only the five groups (五群) or only the national clusters.
    pub kind: Option<ClusterKind>,
    /// Count only synthetic (true) or only real (false) members: `false` hides demo data.
    pub synthetic: Option<bool>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ClusterQuery {
    /// Only synthetic (true) or only real (false) members: `false` hides demo data.
    pub synthetic: Option<bool>,
}

/// List the clusters: the five groups (五群) and the region's national clusters.
///
/// The five groups are the clusters the three governments build together (六链五群, 2023); the
/// national clusters are on MIIT's advanced-manufacturing list. `kind` says which list each is
/// on, and `corresponds_to` links a national cluster to the group it is nearest to.
#[utoipa::path(operation_id = "listClusters", tag = "queries", security((), ("api_key" = [])),
    params(ClusterListQuery),
    responses((status = 200, description = "Every cluster with member counts by region, chains covered, internal and cross-region relationships", body = [ClusterSummary]), LookupErrors))]
#[get("/clusters")]
pub async fn list_clusters(
    state: Data<AppState>,
    caller: Caller,
    params: Params<ClusterListQuery>,
) -> Result<Json<Vec<ClusterSummary>>, ApiError> {
    caller.require_read()?;
    let p = params.into_inner();
    let filter = ClusterFilter {
        kind: p.kind,
        synthetic: p.synthetic,
        ..ClusterFilter::default()
    };
    let all = clusters::clusters(&state.db, filter).await?;
    Ok(Json(all.into_iter().map(|c| c.summary).collect()))
}

/// Get a cluster with its members.
///
/// Each member with its region and province, as the clusters page groups them.
#[utoipa::path(operation_id = "getCluster", tag = "queries", security((), ("api_key" = [])),
    params(("id" = crate::domain::RecordId, Path, description = "Cluster id", example = "life-health"),
        ClusterQuery),
    responses((status = 200, description = "The cluster and its members", body = ClusterDetail), LookupErrors))]
#[get("/clusters/{id}")]
pub async fn get_cluster(
    state: Data<AppState>,
    caller: Caller,
    id: Path<String>,
    params: Params<ClusterQuery>,
) -> Result<Json<ClusterDetail>, ApiError> {
    caller.require_read()?;
    let synthetic = params.into_inner().synthetic;
    Ok(Json(clusters::cluster(&state.db, &id, synthetic).await?))
}
