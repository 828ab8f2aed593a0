use actix_web::web::Data;
use actix_web::{post, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::managed_by;
use crate::auth::Caller;
use crate::routes::caller::actor;
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::CreateErrors;
use crate::state::AppState;
use crate::webhooks::{self, NewWebhook, Webhook};

/// The new endpoint; `secret` is shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    pub webhook: Webhook,
    /// Signs every delivery (Standard Webhooks: `whsec_` and the base64 of the key); keep it
    /// with the receiver.
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYq=")]
    pub secret: String,
}

/// Register a webhook (admin, or member).
///
/// The endpoint receives every change of the feed its filters keep (a member's: those about the organisations it owns), from now on or after `after`: one POST per change, in feed order, signed per Standard Webhooks 1.0 (`webhook-id` = the change's cursor, `webhook-timestamp`, `webhook-signature`; recipe in docs/WEBHOOKS.md), retried with exponential backoff until it answers 2xx. The address must resolve to public addresses only. The signing secret is in this answer only.
#[utoipa::path(operation_id = "createWebhook", tag = "webhooks", security(("api_key" = [])),
    request_body = NewWebhook,
    responses((status = 201, description = "Registered; the secret is shown only now", body = CreatedWebhook), CreateErrors))]
#[post("/webhooks")]
pub async fn create_webhook(
    state: Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    Body(body): Body<NewWebhook>,
) -> Result<HttpResponse, ApiError> {
    let (_, who) = managed_by(&caller)?;
    let after = body.check()?;
    let destinations = state.webhooks.destinations();
    let url = destinations
        .check(&body.url)
        .await
        .map_err(|r| r.into_error())?;
    let actor = actor(&req, &who.key_id);
    let (webhook, secret) =
        webhooks::create(&state.db, who, &actor, url.as_str(), body, after).await?;
    Ok(HttpResponse::Created()
        .insert_header(("cache-control", "no-store"))
        .json(CreatedWebhook { webhook, secret }))
}
