//! Extractors that fail as problem+json naming the offending field: `Body<T>` for JSON bodies
//! (malformed JSON 400, wrong shape 422, not JSON 415, too large 413) and `Params<T>` for query
//! strings (422 naming the parameter); plus the handlers for actix-web's own extractors.

use std::future::{ready, Future, Ready};
use std::pin::Pin;

use actix_web::error::{JsonPayloadError, PathError, UrlencodedError};
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use super::problem::ApiError;
use crate::error::{Error, FieldError};

fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => {
            ApiError::PayloadTooLarge(format!("request body exceeds the limit of {limit} bytes"))
        }
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType(
            "request body must be JSON (Content-Type: application/json)".into(),
        ),
        // serde reports type and shape errors (wrong type, unknown variant, missing field) as
        // "data" errors; anything else is text that is not JSON at all.
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            Error::invalid(&field_of(&e.to_string()), "schema", e.to_string()).into()
        }
        other => ApiError::BadRequest {
            detail: format!("malformed JSON: {other}"),
            errors: vec![],
        },
    };
    api.into()
}

/// The field a serde error names, as an invalid-input error.
fn shape_error<E: std::fmt::Display>(e: serde_path_to_error::Error<E>) -> ApiError {
    let path = e.path().to_string();
    let message = e.inner().to_string();
    let field = if path == "." {
        field_of(&message)
    } else {
        path
    };
    Error::Invalid(vec![FieldError::new(&field, "schema", message)]).into()
}

/// A page's size: `given`, or `default` when absent; 1 to `max`, or a 422 naming `limit`.
pub fn page_limit(given: Option<usize>, default: usize, max: usize) -> Result<usize, Error> {
    let limit = given.unwrap_or(default);
    if !(1..=max).contains(&limit) {
        return Err(Error::invalid(
            "limit",
            "range",
            format!("must be 1 to {max}"),
        ));
    }
    Ok(limit)
}

/// A change feed cursor given in `field`, or a 422 naming it.
pub fn feed_cursor(field: &str, text: &str) -> Result<crate::domain::cursor::FeedCursor, Error> {
    crate::domain::cursor::FeedCursor::parse(text)
        .map_err(|e| Error::invalid(field, e.rule, e.message))
}

/// A JSON request body of type `T`. The body is parsed as JSON first (syntax errors: 400; too
/// large: 413; not JSON: 415), then converted to `T`; conversion errors (wrong type, unknown
/// enum value, missing or unknown field) are 422 with the field's path.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Body<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = json.await?.into_inner();
            serde_path_to_error::deserialize(value)
                .map(Body)
                .map_err(|e| shape_error(e).into())
        })
    }
}

/// Query parameters of type `T`; a parameter of the wrong type or shape, an unknown one, or a
/// missing one is a 422 that names it.
pub struct Params<T>(pub T);

impl<T> std::ops::Deref for Params<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Params<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Params<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let pairs = form_urlencoded::parse(req.query_string().as_bytes());
        let deserializer = serde_urlencoded::Deserializer::new(pairs);
        ready(
            serde_path_to_error::deserialize(deserializer)
                .map(Params)
                .map_err(shape_error),
        )
    }
}

/// serde names the offending field in backquotes (`missing field `name_zh``).
fn field_of(message: &str) -> String {
    message.split('`').nth(1).unwrap_or("body").to_owned()
}

fn path_error(err: PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::invalid("path", "format", err.to_string()).into()
}

pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(json_error)
}

/// A form body (the W3C reconciliation endpoint's): the same answers as for JSON.
fn form_error(err: UrlencodedError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        UrlencodedError::Overflow { limit, .. } => {
            ApiError::PayloadTooLarge(format!("request body exceeds the limit of {limit} bytes"))
        }
        UrlencodedError::ContentType => ApiError::UnsupportedMediaType(
            "request body must be a form (Content-Type: application/x-www-form-urlencoded)".into(),
        ),
        UrlencodedError::Parse(e) => Error::invalid("body", "schema", e.to_string()).into(),
        other => ApiError::BadRequest {
            detail: format!("malformed form: {other}"),
            errors: vec![],
        },
    };
    api.into()
}

pub fn form_config(limit: usize) -> web::FormConfig {
    web::FormConfig::default()
        .limit(limit)
        .error_handler(form_error)
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(path_error)
}

/// A comma-separated query parameter of enum values (`kinds=supplies,incubates`), each read by
/// `parse`; an unknown one is refused naming `field` and the value (`what`: what it should be).
pub fn comma_separated<T>(
    field: &str,
    what: &str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, Error> {
    text.split(',')
        .map(|item| {
            parse(item.trim()).ok_or_else(|| {
                Error::invalid(field, "enum", format!("unknown {what} '{}'", item.trim()))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::field_of;

    #[test]
    fn names_the_field_serde_mentions() {
        assert_eq!(
            field_of("missing field `name_zh` at line 1 column 2"),
            "name_zh"
        );
        assert_eq!(field_of("expected value at line 1 column 1"), "body");
    }
}
