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

/// The longest `If-Match` read (the contract's bound).
pub const IF_MATCH_MAX: usize = 200;

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
    // Versions are at most 18 digits (what an i64 always holds); a longer number is none of ours.
    let number = |t: &str| {
        Some(t)
            .filter(|t| (1..=18).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.parse().ok())
    };
    // An entity tag's characters (RFC 9110 `etagc`, without obsolete text).
    let etagc = |t: &str| t.bytes().all(|b| b == 0x21 || (0x23..=0x7e).contains(&b));
    match quoted {
        Some(t) if etagc(t) && value.len() <= IF_MATCH_MAX => {
            Ok(Some(number(t).unwrap_or(NO_VERSION)))
        }
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
        // What the contract's pattern and bound refuse, the service refuses too (422, not 412).
        assert!(parse("\"two words\"").is_err());
        assert!(parse(&format!("\"{}\"", "x".repeat(300))).is_err());
        assert!(parse(&"0".repeat(19)).is_err());
    }
}
