use actix_web::post;
use actix_web::web::{Data, Json, Path};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::domain::RecordKind;
use crate::review::{self, Decided, Decision};
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::ChangeErrors;
use crate::state::AppState;

/// A curator's decision.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decision": "reject", "reason": "the cited report does not name this supplier"}))]
pub struct ReviewDecision {
    pub decision: Decision,
    /// Required to reject: what the member sees (at most 500 characters).
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// Decide on a record in the queue (admin): approve (verify) it, or reject it with a reason.
///
/// Either is kept in the record's history. A rejected record leaves the queue; its member sees
/// the reason in `GET /api/v1/me/records`, and their next edit puts it back in the queue.
#[utoipa::path(operation_id = "decideReview", tag = "review", security(("api_key" = [])),
    params(("kind" = RecordKind, Path, description = "What the record is"),
        ("id" = crate::domain::RecordId, Path, description = "The record's id")),
    request_body = ReviewDecision,
    responses((status = 200, description = "The record's status now", body = Decided), ChangeErrors))]
#[post("/review/{kind}/{id}")]
pub async fn decide_review(
    state: Data<AppState>,
    caller: Caller,
    path: Path<(RecordKind, String)>,
    Body(body): Body<ReviewDecision>,
) -> Result<Json<Decided>, ApiError> {
    let who = caller.require_admin()?;
    let (kind, id) = path.into_inner();
    if body
        .reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > 500)
    {
        let e = crate::error::Error::invalid("reason", "length", "at most 500 characters");
        return Err(e.into());
    }
    let decided = review::decide(&state.db, who, kind, &id, body.decision, body.reason).await?;
    Ok(Json(decided))
}
