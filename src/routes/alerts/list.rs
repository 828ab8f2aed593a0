use actix_web::get;
use actix_web::web::{Data, Json};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::alerts::{self, AlertPage, MAX_ALERTS};
use crate::auth::Caller;
use crate::domain::AlertId;
use crate::routes::extract::{page_limit, Params};
use crate::routes::problem::ApiError;
use crate::routes::responses::LogErrors;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AlertsQuery {
    /// Only alerts not yet marked read (default false).
    pub unread_only: Option<bool>,
    /// Older alerts than this one (a page's `next`).
    pub before: Option<AlertId>,
    /// How many, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200, value_type = Option<u32>)]
    pub limit: Option<usize>,
}

/// The caller's alerts (any key), newest first.
///
/// Each with the watch it is for, why it was raised (`changed`, `upstream`, `disrupted`, `in_scope`), the change as the feed has it, and for `upstream` and `disrupted` the supply path from the organisation that changed to the watched firm; `unread` counts all the caller's unread alerts.
#[utoipa::path(operation_id = "listAlerts", tag = "alerts", security(("api_key" = [])),
    params(AlertsQuery),
    responses((status = 200, description = "Newest first", body = AlertPage), LogErrors))]
#[get("/alerts")]
pub async fn list_alerts(
    state: Data<AppState>,
    caller: Caller,
    // Read after the key is checked: authentication comes before validation.
    params: Result<Params<AlertsQuery>, ApiError>,
) -> Result<Json<AlertPage>, ApiError> {
    let who = alerts::watcher(&caller)?;
    let p = params?.into_inner();
    let limit = page_limit(p.limit, 50, MAX_ALERTS)?;
    let unread_only = p.unread_only.unwrap_or(false);
    let page = alerts::alerts(&state.db, who, unread_only, p.before.as_ref(), limit);
    Ok(Json(page.await?))
}
