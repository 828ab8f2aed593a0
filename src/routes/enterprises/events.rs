use actix_web::web::{Data, Json, Path};
use actix_web::{get, post, HttpResponse};

use crate::alerts::events::{self, Event, NewEvent};
use crate::auth::Caller;
use crate::domain::OrgId;
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::{ChangeErrors, LookupErrors};
use crate::state::AppState;

/// Report an event on an enterprise (admin, or member).
///
/// A production stop (停产), relocation (搬迁), sanction or export control (制裁) or accident (事故), with when it happened, how severe it is and the report that states it. It is recorded in the enterprise's history and the change feed (action `report`). Watchers of the firm, and of firms it supplies up to three tiers down, are alerted; when it stops the firm's supply (a production stop or sanction, or a severe accident or relocation) the impact rule decides which downstream firms are disrupted, and their watchers are alerted with the supply path.
#[utoipa::path(operation_id = "reportEnterpriseEvent", tag = "alerts", security(("api_key" = [])),
    params(("id" = OrgId, Path, description = "Enterprise id")),
    request_body = NewEvent,
    responses((status = 201, description = "Reported", body = Event), ChangeErrors))]
#[post("/enterprises/{id}/events")]
pub async fn report_enterprise_event(
    state: Data<AppState>,
    caller: Caller,
    id: Path<OrgId>,
    body: Body<NewEvent>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let event = events::report(&state.db, who, &id, body.0).await?;
    Ok(HttpResponse::Created().json(event))
}

/// Events reported on an enterprise, the latest first.
///
/// Each with what happened, when, how severe, the report that states it and who reported it.
#[utoipa::path(operation_id = "listEnterpriseEvents", tag = "alerts", security((), ("api_key" = [])),
    params(("id" = OrgId, Path, description = "Enterprise id")),
    responses((status = 200, description = "The latest first", body = [Event]), LookupErrors))]
#[get("/enterprises/{id}/events")]
pub async fn list_enterprise_events(
    state: Data<AppState>,
    caller: Caller,
    id: Path<OrgId>,
) -> Result<Json<Vec<Event>>, ApiError> {
    caller.require_read()?;
    Ok(Json(events::events(&state.db, &id).await?))
}
