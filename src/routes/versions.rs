//! Optimistic concurrency for records: every organisation answer carries `ETag: "<version>"`;
//! an edit or deletion that sends it back in `If-Match` fails with 412 when the record has
//! changed since, instead of overwriting someone else's change.

use std::future::{ready, Ready};

use actix_web::http::header::{ETAG, IF_MATCH};
use actix_web::{dev::Payload, FromRequest, HttpRequest, HttpResponse};

use super::problem::ApiError;
use crate::organisations::model::Organisation;

/// The version an `If-Match` header names: `None` when the header is absent or `*`.
pub struct IfMatch(pub Option<i64>);

fn parse(value: &str) -> Result<Option<i64>, ApiError> {
    let value = value.trim();
    if value == "*" {
        return Ok(None);
    }
    // A weak tag names the same version here: the representation has no other variants.
    let tag = value.strip_prefix("W/").unwrap_or(value);
    tag.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .and_then(|t| t.parse().ok())
        .map(Some)
        .ok_or_else(|| {
            ApiError::PreconditionFailed(format!(
                "If-Match {value} is not an ETag this API issued (they look like \"3\")"
            ))
        })
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let header = req.headers().get(IF_MATCH).map(|v| v.to_str());
        ready(match header {
            None => Ok(IfMatch(None)),
            Some(Ok(text)) => parse(text).map(IfMatch),
            Some(Err(_)) => parse("?").map(IfMatch),
        })
    }
}

/// The record as a JSON answer with its `ETag`.
pub fn tagged(status: actix_web::http::StatusCode, organisation: &Organisation) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((ETAG, format!("\"{}\"", organisation.version)))
        .json(organisation)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_strong_weak_and_any() {
        assert_eq!(parse("\"3\"").unwrap(), Some(3));
        assert_eq!(parse("W/\"3\"").unwrap(), Some(3));
        assert_eq!(parse("*").unwrap(), None);
        assert!(parse("3").is_err());
        assert!(parse("\"three\"").is_err());
    }
}
