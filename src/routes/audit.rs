//! The audit log, for admins.

use actix_web::get;
use actix_web::web::{Data, Json};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::audit::{self, AuditAction, AuditEvent};
use crate::auth::Caller;
use crate::error::Error;
use crate::routes::extract::{page_limit, Params};
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only events of this kind.
    pub action: Option<AuditAction>,
    /// Only events before this instant (the `at` of the last event of the previous page).
    #[param(
        example = "2026-11-27T10:15:00Z",
        max_length = 40,
        pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})$"
    )]
    pub before: Option<String>,
    /// At most this many, 1 to 500 (default 100).
    #[param(minimum = 1, maximum = 500, value_type = Option<u32>)]
    pub limit: Option<usize>,
}

/// The audit log (admin): key creations, revocations, failed authentications, webhooks registered and deleted; newest first.
///
/// Each event says who acted (the acting key, or for a failed attempt the key id it named),
/// when, and from which address. Secrets are never recorded.
#[utoipa::path(operation_id = "listAuditEvents", tag = "keys", security(("api_key" = [])),
    params(AuditQuery),
    responses((status = 200, description = "Events, newest first", body = [AuditEvent]), ActionErrors))]
#[get("/audit")]
pub async fn list_audit_events(
    state: Data<AppState>,
    caller: Caller,
    // Read after the key is checked: authentication comes before validation.
    params: Result<Params<AuditQuery>, ApiError>,
) -> Result<Json<Vec<AuditEvent>>, ApiError> {
    caller.require_admin()?;
    let p = params?.into_inner();
    let limit = page_limit(p.limit, 100, 500)?;
    let before = p
        .before
        .as_deref()
        .map(|text| {
            chrono::DateTime::parse_from_rfc3339(text)
                .map(|t| t.to_rfc3339())
                .map_err(|_| {
                    let message = "an RFC 3339 instant, e.g. 2026-11-27T10:15:00Z";
                    Error::invalid("before", "format", message)
                })
        })
        .transpose()?;
    let events = audit::list(&state.db, p.action, before.as_deref(), limit).await?;
    Ok(Json(events))
}
