use actix_web::post;
use actix_web::web::{Data, Json};

use crate::alerts::{self, MarkRead, Unread};
use crate::auth::Caller;
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::CreateErrors;
use crate::state::AppState;

/// Mark alerts read (the key they are for).
///
/// The alerts named in `ids` (another key's are left alone), or every one with `all: true`; answers how many stay unread.
#[utoipa::path(operation_id = "markAlertsRead", tag = "alerts", security(("api_key" = [])),
    request_body = MarkRead,
    responses((status = 200, description = "How many stay unread", body = Unread), CreateErrors))]
#[post("/alerts/read")]
pub async fn mark_alerts_read(
    state: Data<AppState>,
    caller: Caller,
    body: Body<MarkRead>,
) -> Result<Json<Unread>, ApiError> {
    let who = alerts::watcher(&caller)?;
    Ok(Json(alerts::mark_read(&state.db, who, &body.0).await?))
}
