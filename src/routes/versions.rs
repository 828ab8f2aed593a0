//! Optimistic concurrency for records: every organisation answer carries `ETag: "<version>"`;
//! an edit or deletion that sends it back in `If-Match` fails with 412 when the record has
//! changed since, instead of overwriting someone else's change.

use std::future::{ready, Ready};

use actix_web::http::header::{ETAG, IF_MATCH};
use actix_web::{dev::Payload, FromRequest, HttpRequest, HttpResponse};

use super::problem::ApiError;
use crate::error::Error;
use crate::organisations::model::Organisation;

/// A request's `If-Match` header, read after the caller is authenticated (`version`): a bad
/// tag must not answer before a missing key does.
pub struct IfMatch(Option<String>);

impl IfMatch {
    /// The version the header names: `None` when it is absent or `*`; one no record has
    /// (`NO_VERSION`, so the precondition fails: 412) for a well-formed tag this API never
    /// issued; 422 when it is no entity tag at all.
    pub fn version(&self) -> Result<Option<i64>, ApiError> {
        self.0.as_deref().map_or(Ok(None), parse)
    }
}

/// A version no record has.
const NO_VERSION: i64 = i64::MIN;

fn parse(value: &str) -> Result<Option<i64>, ApiError> {
    let value = value.trim();
    if value == "*" {
        return Ok(None);
    }
    // A weak tag names the same version here: the representation has no other variants. A
    // bare number (as typed into curl) is taken as the tag it quotes.
    let tag = value.strip_prefix("W/").unwrap_or(value);
    let quoted = tag.strip_prefix('"').and_then(|t| t.strip_suffix('"'));
    let number = |t: &str| {
        Some(t)
            .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.parse().ok())
    };
    match quoted {
        Some(t) if !t.contains('"') => Ok(Some(number(t).unwrap_or(NO_VERSION))),
        None => number(tag).map(Some).ok_or_else(|| {
            let message = format!("{value} is no entity tag (they look like \"3\")");
            Error::invalid("If-Match", "format", message).into()
        }),
        Some(_) => {
            Err(Error::invalid("If-Match", "format", format!("{value} is no entity tag")).into())
        }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let header = req.headers().get(IF_MATCH).map(|v| {
            v.to_str()
                .map(str::to_owned)
                .unwrap_or_else(|_| "(not text)".into())
        });
        ready(Ok(IfMatch(header)))
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
        assert_eq!(parse("3").unwrap(), Some(3));
        // Well formed, but never one of ours: it matches no version (412).
        assert_eq!(parse("\"stale\"").unwrap(), Some(super::NO_VERSION));
        assert_eq!(parse("W/\"three\"").unwrap(), Some(super::NO_VERSION));
        assert!(parse("\"3").is_err());
        assert!(parse("-3").is_err());
        assert!(parse("stale").is_err());
    }
}
