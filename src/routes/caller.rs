//! `Caller` from the `Authorization` header: anonymous, or the principal of a valid key.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header::AUTHORIZATION;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use super::problem::ApiError;
use crate::auth::audit::{self, Actor, AuditAction};
use crate::auth::key::key_id;
use crate::auth::{store, Caller};
use crate::error::Error;
use crate::state::AppState;

/// The address a request came from, for the audit log.
fn client_address(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn actor_at(address: String, key: &str) -> Actor {
    Actor {
        key: key.to_owned(),
        address,
    }
}

/// The acting key and its client address, for the audit log.
pub fn actor(req: &HttpRequest, key_id: &str) -> Actor {
    actor_at(client_address(req), key_id)
}

/// The credentials in an `Authorization` value; the scheme name is case-insensitive (RFC 9110).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// Who the request comes from: anonymous (no `Authorization`), or the principal of a valid key;
/// a key that is not valid is refused (401) and the attempt audited.
pub async fn identify(req: &HttpRequest) -> Result<Caller, ApiError> {
    if let Some(known) = req.extensions().get::<Caller>() {
        return Ok(known.clone());
    }
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .map(|v| v.to_str().map(str::to_owned));
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal("no application state".into()))?;
    let address = client_address(req);
    let presented = match header {
        None => {
            return Ok(Caller::Anonymous {
                public_read: state.settings.auth.public_read,
            })
        }
        Some(Ok(value)) => value,
        Some(Err(_)) => {
            return Err(Error::Unauthenticated("malformed Authorization header".into()).into())
        }
    };
    let key = bearer_token(&presented);
    let principal = match key {
        Some(key) => store::authenticate(&state.db, key)
            .await
            .map_err(Error::from)?,
        None => None,
    };
    if let Some(principal) = principal {
        let caller = Caller::Key(principal);
        req.extensions_mut().insert(caller.clone());
        return Ok(caller);
    }
    // Recorded by the key id the request named, never by what it presented in full.
    let named = key.and_then(key_id).unwrap_or("anonymous");
    let detail = if key.is_some() {
        "invalid or revoked key"
    } else {
        "not the Bearer scheme"
    };
    let failed = AuditAction::AuthenticationFailed;
    audit::record(&state.db, failed, &actor_at(address, named), Some(detail))
        .await
        .map_err(Error::from)?;
    Err(Error::Unauthenticated(match key {
        Some(_) => "invalid or revoked API key".into(),
        None => "Authorization must use the Bearer scheme".into(),
    })
    .into())
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { identify(&req).await })
    }
}

#[cfg(test)]
mod tests {
    use super::bearer_token;

    #[test]
    fn the_scheme_is_case_insensitive() {
        for value in ["Bearer k", "bearer k", "BEARER  k ", " Bearer k"] {
            assert_eq!(bearer_token(value), Some("k"), "{value}");
        }
        assert_eq!(bearer_token("Basic k"), None);
        assert_eq!(bearer_token("Bearerk"), None);
    }
}
