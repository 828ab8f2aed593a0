use actix_web::web::Data;
use actix_web::{post, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::domain::RecordKind;
use crate::error::Error;
use crate::review::{self, Dispute};
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::ChangeErrors;
use crate::state::AppState;

/// What a member disputes, and why.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "enterprise", "id": "ent-3f9a1c2b7d4e",
    "reason": "this registration holds our USCC; our business licence is attached to the email"}))]
pub struct NewDispute {
    pub kind: RecordKind,
    #[schema(max_length = 80)]
    pub id: String,
    /// What is wrong (1 to 500 characters): shown to the curators in the review queue.
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// Dispute a record (member or admin): one that holds your USCC, or misstates a relationship.
///
/// The record goes to the review queue with the dispute, whether or not it was verified; the
/// curator's next decision on it closes the dispute. Kept in the record's history.
#[utoipa::path(operation_id = "createDispute", tag = "review", security(("api_key" = [])),
    request_body = NewDispute,
    responses((status = 201, description = "Raised", body = Dispute), ChangeErrors))]
#[post("/disputes")]
pub async fn create_dispute(
    state: Data<AppState>,
    caller: Caller,
    Body(body): Body<NewDispute>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let reason = body.reason.trim();
    if reason.is_empty() {
        return Err(
            Error::invalid("reason", "required", "say what is wrong (not only spaces)").into(),
        );
    }
    if reason.chars().count() > 500 {
        return Err(Error::invalid("reason", "length", "at most 500 characters").into());
    }
    let raised = review::dispute(&state.db, who, body.kind, &body.id, reason).await?;
    Ok(HttpResponse::Created().json(raised))
}
