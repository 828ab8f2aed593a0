//! The one HTTP error type every handler returns. It renders as RFC 9457
//! `application/problem+json`. Service errors are converted here, at the route boundary;
//! internal causes are logged with their whole source chain and never sent to the client.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{chain, Error, FieldError};

/// Problem details (RFC 9457), the body of every error response.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "https://chain-atlas.example/problems/not-found",
    "title": "Not found",
    "status": 404,
    "detail": "chain 'quantum' does not exist",
}))]
pub struct Problem {
    /// URI identifying the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The fields that failed validation, for 400 and 422 answers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For 409: the id of the existing record the request clashes with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_id: Option<String>,
    /// For a refused import: the per-row report (an `ImportReport`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub report: Option<serde_json::Value>,
    /// For 301: the id of the record a merged one now lives on (`Location` is its address).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
    /// For 410 from the change feed: the oldest cursor it can be read after (absent while the
    /// feed is empty: read it without `after`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oldest_cursor: Option<String>,
}

const PROBLEM_BASE: &str = "https://chain-atlas.example/problems/";

/// Seconds a client should wait before retrying after a 503.
const RETRY_AFTER_SECS: &str = "5";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{detail}")]
    BadRequest {
        detail: String,
        errors: Vec<FieldError>,
    },
    #[error("{detail}")]
    Validation {
        detail: String,
        errors: Vec<FieldError>,
    },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// The record was merged into another: `location` is the survivor's address.
    #[error("{detail}")]
    Moved {
        detail: String,
        location: String,
        merged_into: String,
    },
    /// The path exists, but not for this method; `allow` lists the methods it takes.
    #[error("{detail}")]
    MethodNotAllowed { detail: String, allow: String },
    /// The request clashes with an existing record (e.g. a USCC already registered).
    #[error("{detail}")]
    Conflict {
        detail: String,
        existing_id: Option<String>,
    },
    /// A cursor this database no longer has a place for.
    #[error("{detail}")]
    Gone {
        detail: String,
        oldest_cursor: Option<String>,
    },
    /// `If-Match` named a version that is no longer current.
    #[error("{0}")]
    PreconditionFailed(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// An import with invalid rows that wrote nothing; carries the per-row report.
    #[error("{detail}")]
    ImportRejected {
        detail: String,
        errors: Vec<FieldError>,
        report: serde_json::Value,
    },
    /// Too many requests; retry after the given seconds.
    #[error("rate limit reached")]
    TooManyRequests { retry_after_secs: u64 },
    /// A dependency failed or took too long; the cause is logged, not returned.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// A single-field validation failure (for checks made in the HTTP layer itself).
    pub fn invalid(field: &str, rule: &str, message: impl Into<String>) -> Self {
        Error::invalid(field, rule, message).into()
    }

    fn slug_and_title(&self) -> (&'static str, &'static str) {
        match self {
            ApiError::BadRequest { .. } => ("bad-request", "Bad request"),
            ApiError::Validation { .. } => ("validation", "Validation failed"),
            ApiError::ImportRejected { .. } => ("import-rejected", "Import rejected"),
            ApiError::Unauthorized(_) => ("unauthorized", "Unauthorized"),
            ApiError::Forbidden(_) => ("forbidden", "Forbidden"),
            ApiError::NotFound(_) => ("not-found", "Not found"),
            ApiError::Moved { .. } => ("merged", "Merged into another record"),
            ApiError::MethodNotAllowed { .. } => ("method-not-allowed", "Method not allowed"),
            ApiError::Conflict { .. } => ("conflict", "Conflict"),
            ApiError::Gone { .. } => ("gone", "Gone"),
            ApiError::PreconditionFailed(_) => ("precondition-failed", "Precondition failed"),
            ApiError::PayloadTooLarge(_) => ("payload-too-large", "Payload too large"),
            ApiError::UnsupportedMediaType(_) => {
                ("unsupported-media-type", "Unsupported media type")
            }
            ApiError::TooManyRequests { .. } => ("too-many-requests", "Too many requests"),
            ApiError::Unavailable(_) => ("unavailable", "Service unavailable"),
            ApiError::Internal(_) => ("internal", "Internal server error"),
        }
    }

    fn detail(&self) -> String {
        match self {
            // The cause stays in the log; clients learn only that they may retry.
            ApiError::Unavailable(_) => {
                "a dependency (the graph database) is unavailable or too slow; retry later".into()
            }
            ApiError::Internal(_) => "an unexpected error occurred".into(),
            ApiError::TooManyRequests { retry_after_secs } => {
                format!("too many requests; retry in {retry_after_secs} s")
            }
            other => other.to_string(),
        }
    }

    pub fn problem(&self) -> Problem {
        let (slug, title) = self.slug_and_title();
        let errors = match self {
            ApiError::BadRequest { errors, .. }
            | ApiError::Validation { errors, .. }
            | ApiError::ImportRejected { errors, .. } => errors.clone(),
            _ => vec![],
        };
        Problem {
            kind: format!("{PROBLEM_BASE}{slug}"),
            title: title.into(),
            status: self.status_code().as_u16(),
            detail: self.detail(),
            errors,
            existing_id: match self {
                ApiError::Conflict { existing_id, .. } => existing_id.clone(),
                _ => None,
            },
            report: match self {
                ApiError::ImportRejected { report, .. } => Some(report.clone()),
                _ => None,
            },
            merged_into: match self {
                ApiError::Moved { merged_into, .. } => Some(merged_into.clone()),
                _ => None,
            },
            oldest_cursor: match self {
                ApiError::Gone { oldest_cursor, .. } => oldest_cursor.clone(),
                _ => None,
            },
        }
    }
}

/// The error of a read of one organisation: a merged one answers 301 to the survivor.
pub fn moved(e: Error) -> ApiError {
    match e {
        Error::Merged { kind, ref into, .. } => ApiError::Moved {
            detail: e.to_string(),
            location: format!("/api/v1/{}/{into}", kind.collection()),
            merged_into: into.clone(),
        },
        other => other.into(),
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        match e {
            Error::NotFound { .. } => ApiError::NotFound(e.to_string()),
            // Only a read of the record itself answers 301 (`moved`): a sub-resource of a merged
            // record has no address to send the client on to.
            Error::Merged { .. } => ApiError::NotFound(e.to_string()),
            Error::Invalid(errors) => ApiError::Validation {
                detail: Error::Invalid(errors.clone()).to_string(),
                errors,
            },
            Error::Conflict {
                detail,
                existing_id,
            } => ApiError::Conflict {
                detail,
                existing_id,
            },
            Error::Gone { detail, oldest } => ApiError::Gone {
                detail,
                oldest_cursor: oldest,
            },
            Error::Stale(detail) => ApiError::PreconditionFailed(detail),
            Error::Unauthenticated(detail) => ApiError::Unauthorized(detail),
            Error::Forbidden(detail) => ApiError::Forbidden(detail),
            Error::Unavailable(_) => ApiError::Unavailable(chain(&e)),
            Error::Db(_) => ApiError::Internal(chain(&e)),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Validation { .. } | ApiError::ImportRejected { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Moved { .. } => StatusCode::MOVED_PERMANENTLY,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::Gone { .. } => StatusCode::GONE,
            ApiError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Unavailable(cause) => tracing::warn!(%cause, "dependency unavailable"),
            ApiError::Internal(cause) => tracing::error!(%cause, "internal error"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        match self {
            ApiError::Unavailable(_) => {
                response.insert_header((header::RETRY_AFTER, RETRY_AFTER_SECS));
            }
            ApiError::TooManyRequests { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            ApiError::Unauthorized(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            ApiError::MethodNotAllowed { allow, .. } => {
                response.insert_header((header::ALLOW, allow.as_str()));
            }
            ApiError::Moved { location, .. } => {
                response.insert_header((header::LOCATION, location.as_str()));
            }
            _ => {}
        }
        response
            .content_type("application/problem+json")
            .body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(e: crate::db::DbError) -> Self {
        Error::from(e).into()
    }
}
