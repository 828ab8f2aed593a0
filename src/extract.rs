//! Turns actix-web's extractor failures (bad JSON, bad path or query) into problem+json.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{web, HttpRequest};

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
