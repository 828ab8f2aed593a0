use actix_web::get;
use actix_web::web::{Data, Json, Path};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::OrgId;
use crate::error::Error;
use crate::queries::impact::{self, Impact};
use crate::queries::paths::HopBound;
use crate::routes::extract::Params;
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImpactQuery {
    /// Supply hops to follow downstream, 1 to 6 (default 3).
    #[param(minimum = 1, maximum = 6)]
    pub depth: Option<u8>,
    /// A firm is disrupted when stopped or disrupted suppliers are at least this share of the
    /// suppliers of one of its products, above 0 and at most 1 (default from configuration, 1:
    /// all of them).
    #[param(exclusive_minimum = 0.0, maximum = 1.0)]
    pub disruption_share: Option<f64>,
    /// Also list substitute suppliers for each product a firm is left without (default false):
    /// one more lookup per such product, which at the region's size reads every supply
    /// relationship of that product (tens of thousands for a common one).
    pub substitutes: Option<bool>,
}

/// Who is hit if this enterprise stops?
///
/// The customers of the stopped enterprise, and of every firm it disrupts in turn, within
/// `depth` hops: each with the products it would lose, those with no undisrupted alternative
/// supplier, and whether it is disrupted itself (a product lost at least `disruption_share` of
/// its suppliers). Only disrupted firms pass the disruption on. Grouped by region and chain.
#[utoipa::path(operation_id = "getEnterpriseImpact", tag = "queries", security((), ("api_key" = [])),
    params(("id" = crate::domain::OrgId, Path, description = "Enterprise id"), ImpactQuery),
    responses((status = 200, description = "The affected firms", body = Impact), LookupErrors))]
#[get("/enterprises/{id}/impact")]
pub async fn get_enterprise_impact(
    state: Data<AppState>,
    caller: Caller,
    id: Path<OrgId>,
    params: Params<ImpactQuery>,
) -> Result<Json<Impact>, ApiError> {
    caller.require_read()?;
    let depth = HopBound::new(params.depth.unwrap_or(3), "depth")?;
    let settings = &state.settings.queries;
    let share = params
        .disruption_share
        .unwrap_or(settings.impact_disruption_share);
    if !(share > 0.0 && share <= 1.0) {
        let why = "must be above 0 and at most 1";
        return Err(Error::invalid("disruption_share", "range", why).into());
    }
    let max = settings.impact_max_affected;
    Ok(Json(
        impact::impact(
            &state.db,
            &id,
            depth,
            max,
            share,
            params.substitutes.unwrap_or(false),
        )
        .await?,
    ))
}
