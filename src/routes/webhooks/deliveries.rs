use actix_web::get;
use actix_web::web::{Data, Json, Path};
use serde::Deserialize;
use utoipa::IntoParams;

use super::managed_by;
use crate::auth::Caller;
use crate::routes::extract::{feed_cursor, page_limit, Params};
use crate::routes::problem::ApiError;
use crate::routes::responses::LogErrors;
use crate::state::AppState;
use crate::webhooks::{self, DeliveryPage, MAX_LOG_PAGE};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveriesQuery {
    /// Older entries than this one (a page's `next`).
    #[param(
        example = "3fa9c1d2-1234",
        pattern = "^[0-9a-f]{8}-[0-9]{1,18}$",
        max_length = 27
    )]
    pub before: Option<String>,
    /// How many entries, 1 to 100 (default 50).
    #[param(minimum = 1, maximum = 100, value_type = Option<u32>)]
    pub limit: Option<usize>,
}

/// A webhook's delivery log (admin, or the member that registered it).
///
/// One entry per change sent to the endpoint, newest first: delivered, retrying or failed, its attempts, the receiver's last status and error, and how often it was sent again by hand. The newest `webhooks.deliveries_kept` entries are kept.
#[utoipa::path(operation_id = "listWebhookDeliveries", tag = "webhooks", security(("api_key" = [])),
    params(("id" = crate::domain::RecordId, Path, description = "Webhook id"), DeliveriesQuery),
    responses((status = 200, description = "Newest first", body = DeliveryPage), LogErrors))]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    state: Data<AppState>,
    caller: Caller,
    id: Path<String>,
    // Read after the key is checked: authentication comes before validation.
    params: Result<Params<DeliveriesQuery>, ApiError>,
) -> Result<Json<DeliveryPage>, ApiError> {
    let (owner, _) = managed_by(&caller)?;
    let p = params?.into_inner();
    let limit = page_limit(p.limit, 50, MAX_LOG_PAGE)?;
    let before = p
        .before
        .as_deref()
        .map(|b| feed_cursor("before", b))
        .transpose()?;
    let page = webhooks::deliveries(&state.db, owner.as_deref(), &id, before.as_ref(), limit);
    Ok(Json(page.await?))
}
