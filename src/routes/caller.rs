//! `Caller` from the `Authorization` header: anonymous, or the principal of a valid key.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header::AUTHORIZATION;
use actix_web::{web, FromRequest, HttpRequest};

use super::problem::ApiError;
use crate::auth::{store, Caller};
use crate::error::Error;
use crate::state::AppState;

/// The credentials in an `Authorization` value; the scheme name is case-insensitive (RFC 9110).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let header = req
            .headers()
            .get(AUTHORIZATION)
            .map(|v| v.to_str().map(str::to_owned));
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal("no application state".into()))?;
            let presented = match header {
                None => {
                    return Ok(Caller::Anonymous {
                        public_read: state.settings.auth.public_read,
                    })
                }
                Some(Ok(value)) => value,
                Some(Err(_)) => {
                    return Err(
                        Error::Unauthenticated("malformed Authorization header".into()).into(),
                    )
                }
            };
            let key = bearer_token(&presented).ok_or_else(|| {
                Error::Unauthenticated("Authorization must use the Bearer scheme".into())
            })?;
            let principal = store::authenticate(&state.db, key)
                .await
                .map_err(Error::from)?;
            principal
                .map(Caller::Key)
                .ok_or_else(|| Error::Unauthenticated("invalid or revoked API key".into()).into())
        })
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
