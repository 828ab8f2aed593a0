use actix_web::web::Data;
use actix_web::{post, HttpResponse};

use crate::alerts::{self, NewWatch, Watch};
use crate::auth::Caller;
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::CreateErrors;
use crate::state::AppState;

/// Watch an organisation, a chain link, a chain or a region (any key).
///
/// The caller is alerted (`GET /api/v1/alerts`) of the changes that concern it: a watched organisation changing, or a relationship with it; a supplier up to three tiers upstream of a watched firm rejected, relocated, unverified or with an event reported; an event whose impact disrupts a watched firm; a change about an organisation in a watched chain, link or region (or one joining or leaving it). Never of the caller's own changes. Watching the same thing again answers 200 with the existing watch.
#[utoipa::path(operation_id = "createWatch", tag = "alerts", security(("api_key" = [])),
    request_body = NewWatch,
    responses((status = 201, description = "Watched", body = Watch),
        (status = 200, description = "Already watched", body = Watch), CreateErrors))]
#[post("/watches")]
pub async fn create_watch(
    state: Data<AppState>,
    caller: Caller,
    body: Body<NewWatch>,
) -> Result<HttpResponse, ApiError> {
    let who = alerts::watcher(&caller)?;
    let (watch, created) = alerts::watch(&state.db, who, &body.0).await?;
    Ok(if created {
        HttpResponse::Created().json(watch)
    } else {
        HttpResponse::Ok().json(watch)
    })
}
