use actix_web::post;
use actix_web::web::{Data, Json, Path};

use super::managed_by;
use crate::auth::Caller;
use crate::routes::extract::feed_cursor;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;
use crate::webhooks::{self, Delivery};

/// Send a logged delivery again (admin, or the member that registered the webhook).
///
/// The change is sent now, signed afresh, with the same `webhook-id`, and the answer is the log entry with the receiver's status (or the error). It does not move the endpoint: a paused endpoint goes on only when resumed.
#[utoipa::path(operation_id = "redeliverWebhook", tag = "webhooks", security(("api_key" = [])),
    params(("id" = crate::domain::RecordId, Path, description = "Webhook id"),
        ("event_id" = String, Path, description = "The delivery's `event_id` (a feed cursor)", pattern = "^[0-9a-f]{8}-[0-9]{1,18}$", max_length = 27)),
    responses((status = 200, description = "The log entry after the attempt", body = Delivery), ActionErrors))]
#[post("/webhooks/{id}/deliveries/{event_id}/redeliver")]
pub async fn redeliver_webhook(
    state: Data<AppState>,
    caller: Caller,
    path: Path<(String, String)>,
) -> Result<Json<Delivery>, ApiError> {
    let (owner, _) = managed_by(&caller)?;
    let (id, event) = path.into_inner();
    let event = feed_cursor("event_id", &event)?;
    let (target, message) =
        webhooks::logged_message(&state.db, owner.as_deref(), &id, &event).await?;
    let outcome = state.webhooks.send(&target, &message).await;
    Ok(Json(
        webhooks::redelivered(&state.db, &id, &event, &outcome).await?,
    ))
}
