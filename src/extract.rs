//! Turns actix-web's extractor failures (bad JSON, bad path or query) into problem+json, and
//! `Body<T>`, the JSON body extractor that tells malformed JSON (400) from well-formed JSON of
//! the wrong shape (422, naming the field).

use std::future::Future;
use std::pin::Pin;

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldError};

fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => {
            ApiError::PayloadTooLarge(format!("request body exceeds the limit of {limit} bytes"))
        }
        JsonPayloadError::ContentType => ApiError::BadRequest {
            detail: "request body must be JSON (Content-Type: application/json)".into(),
            errors: vec![],
        },
        // serde reports type and shape errors (wrong type, unknown variant, missing field) as
        // "data" errors; anything else is text that is not JSON at all.
        JsonPayloadError::Deserialize(e) if e.is_data() => ApiError::Validation {
            detail: e.to_string(),
            errors: vec![FieldError {
                field: field_of(&e.to_string()),
                rule: "schema".into(),
                message: e.to_string(),
            }],
        },
        other => ApiError::BadRequest {
            detail: format!("malformed JSON: {other}"),
            errors: vec![],
        },
    };
    api.into()
}

/// A JSON request body of type `T`. The body is parsed as JSON first (syntax errors: 400; too
/// large: 413), then converted to `T`; conversion errors (wrong type, unknown enum value,
/// missing or unknown field) are 422 with the field's path.
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
                .map_err(|e| {
                    let path = e.path().to_string();
                    let message = e.inner().to_string();
                    let field = if path == "." {
                        field_of(&message)
                    } else {
                        path
                    };
                    ApiError::Validation {
                        detail: format!("{field}: {message}"),
                        errors: vec![FieldError {
                            field,
                            rule: "schema".into(),
                            message,
                        }],
                    }
                    .into()
                })
        })
    }
}

/// serde_json names the offending field in backquotes (`missing field `name_zh``).
fn field_of(message: &str) -> String {
    message.split('`').nth(1).unwrap_or("body").to_owned()
}

fn path_error(err: PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::invalid("path", "format", err.to_string()).into()
}

fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let message = err.to_string();
    ApiError::invalid(&field_of(&message), "format", message).into()
}

pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(json_error)
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(path_error)
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(query_error)
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
