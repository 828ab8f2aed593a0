//! The layers every request passes through, as plain async functions (`middleware::from_fn`).

use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::HttpMessage;
use tracing_actix_web::RequestId;

use super::fallback::RouteTable;
use super::headers;
use super::problem::ApiError;
use crate::auth::Caller;
use crate::db::budget;
use crate::metrics;
use crate::state::AppState;

/// Until start-up has finished, the API answers 503: a write could otherwise land before the
/// uniqueness constraints exist, a read see half-seeded data.
pub async fn until_ready(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let starting = req.path().starts_with("/api/v1")
        && req
            .app_data::<Data<AppState>>()
            .is_some_and(|state| !state.readiness.is_ready());
    if starting {
        let refusal = ApiError::Unavailable("starting up".into());
        return Ok(req.error_response(refusal));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// The operations posted that write nothing.
const QUESTIONS: &[&str] = &["/api/v1/reconcile", "/api/v1/reconcile/w3c"];

/// Every write needs a valid API key, and the caller learns that first: a write is
/// authenticated before any of its parts is read (the handler's extractors run side by side,
/// so a bad body would otherwise be reported before a missing or invalid key), so nobody is
/// told what is wrong with a body they may not send at all. The caller found is kept for the
/// handler's `Caller`.
pub async fn writes_need_a_key(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let unsafe_method = !matches!(req.method().as_str(), "GET" | "HEAD" | "OPTIONS");
    // Only an operation that exists: another method on a known path is a 405 for anyone.
    let operation = req.app_data::<Data<RouteTable>>().is_some_and(|table| {
        table
            .allowed(req.path())
            .iter()
            .any(|m| m.eq_ignore_ascii_case(req.method().as_str()))
    });
    if unsafe_method && operation && req.path().starts_with("/api/v1") {
        let known = super::caller::identify(req.request()).await;
        // A question too long for a query string (a list to reconcile) is posted, but it
        // writes nothing: it needs what a read needs.
        let question = QUESTIONS.contains(&req.path());
        let refusal: Option<ApiError> = match known {
            Err(e) => Some(e),
            Ok(caller @ Caller::Anonymous { .. }) if question => {
                caller.require_read().err().map(ApiError::from)
            }
            Ok(Caller::Anonymous { .. }) => Some(
                crate::error::Error::Unauthenticated(
                    "writing needs an API key (Authorization: Bearer <key>)".into(),
                )
                .into(),
            ),
            Ok(_) => None,
        };
        if let Some(refusal) = refusal {
            return Ok(req.error_response(refusal));
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// A request's database calls share `neo4j.query_timeout_ms` between them (`db::budget`), so
/// one that meets a stalled database answers 503 within that time, however many calls it makes.
pub async fn database_budget(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let limit = req
        .app_data::<Data<AppState>>()
        .map(|state| Duration::from_millis(state.settings.neo4j.query_timeout_ms));
    match limit {
        Some(limit) => budget::within(limit, next.call(req)).await,
        None => next.call(req).await,
    }
}

/// Every answer gets the request's id and the security headers, and is counted and timed.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req.extensions().get::<RequestId>().map(|id| id.to_string());
    let (method, started) = (req.method().to_string(), Instant::now());
    let mut res = next.call(req).await?;
    let route = res.request().match_pattern();
    let route = route.as_deref().unwrap_or("unmatched");
    metrics::http_request(&method, route, res.status().as_u16(), started.elapsed());
    if let Some(value) = id.and_then(|v| HeaderValue::from_str(&v).ok()) {
        res.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(headers::secure(res))
}
