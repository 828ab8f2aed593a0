//! Rate limits, two layers deep: every caller (an API key, or a client address for requests
//! without one) has its own quota, and every client address a larger one across all its keys,
//! so neither one busy key nor a client inventing keys can starve the others. Past a quota the
//! answer is 429 problem+json with `Retry-After`. The probes are exempt.

use std::net::IpAddr;

use actix_governor::governor::clock::{Clock, DefaultClock, QuantaInstant};
use actix_governor::governor::middleware::NoOpMiddleware;
use actix_governor::governor::NotUntil;
use actix_governor::{
    GovernorConfig, GovernorConfigBuilder, KeyExtractor, SimpleKeyExtractionError,
};
use actix_web::dev::ServiceRequest;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{HttpResponse, HttpResponseBuilder};

use super::problem::ApiError;
use crate::auth::key::key_id;
use crate::settings::LimitSettings;

/// Who a quota belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Bucket {
    Key(String),
    Address(IpAddr),
    /// Probes and the OpenAPI document: never limited.
    Exempt,
}

/// Whose quota a request counts against: a rule from request to bucket. One quota keys by API key
/// (when the request carries a well-formed one, else by address), the other by address alone.
#[derive(Clone, Copy)]
pub struct Quota(fn(&ServiceRequest) -> Bucket);

/// By API key when the request carries a well-formed one, else by client address.
fn per_caller(req: &ServiceRequest) -> Bucket {
    req.headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_whitespace().nth(1))
        .and_then(key_id)
        .map(|id| Bucket::Key(id.to_owned()))
        .unwrap_or_else(|| address(req))
}

fn exempt(req: &ServiceRequest) -> bool {
    matches!(req.path(), "/health" | "/ready" | "/metrics")
}

fn address(req: &ServiceRequest) -> Bucket {
    req.peer_addr()
        .map(|a| Bucket::Address(a.ip()))
        .unwrap_or(Bucket::Exempt)
}

fn too_many(negative: &NotUntil<QuantaInstant>, mut response: HttpResponseBuilder) -> HttpResponse {
    let wait = negative.wait_time_from(DefaultClock::default().now());
    let retry_after_secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let problem = ApiError::TooManyRequests { retry_after_secs }.problem();
    // actix-governor rounds the wait down, to 0 for a wait under a second: round it up.
    response
        .insert_header(("retry-after", retry_after_secs))
        .insert_header(("x-ratelimit-after", retry_after_secs))
        .content_type("application/problem+json")
        .body(serde_json::to_string(&problem).unwrap_or_default())
}

impl KeyExtractor for Quota {
    type Key = Bucket;
    type KeyExtractionError = SimpleKeyExtractionError<&'static str>;

    fn extract(&self, req: &ServiceRequest) -> Result<Bucket, Self::KeyExtractionError> {
        Ok(if exempt(req) {
            Bucket::Exempt
        } else {
            (self.0)(req)
        })
    }

    fn exceed_rate_limit_response(
        &self,
        negative: &NotUntil<QuantaInstant>,
        response: HttpResponseBuilder,
    ) -> HttpResponse {
        too_many(negative, response)
    }

    fn whitelisted_keys(&self) -> Vec<Bucket> {
        vec![Bucket::Exempt]
    }
}

fn config<K: KeyExtractor>(
    extractor: K,
    per_second: u64,
    burst: u32,
    enabled: bool,
) -> GovernorConfig<K, NoOpMiddleware> {
    let mut builder = GovernorConfigBuilder::default();
    builder
        .period(std::time::Duration::from_secs(1) / per_second.max(1) as u32)
        .burst_size(burst.max(1))
        .permissive(!enabled);
    builder
        .key_extractor(extractor)
        .finish()
        .expect("a positive period and burst")
}

/// The two quotas, built once so every worker thread shares them.
pub struct Limits {
    pub per_caller: GovernorConfig<Quota, NoOpMiddleware>,
    pub per_address: GovernorConfig<Quota, NoOpMiddleware>,
}

impl Limits {
    pub fn new(s: &LimitSettings) -> Self {
        Limits {
            per_caller: config(
                Quota(per_caller),
                s.caller_per_second,
                s.caller_burst,
                s.enabled,
            ),
            per_address: config(
                Quota(address),
                s.address_per_second,
                s.address_burst,
                s.enabled,
            ),
        }
    }
}
