//! The one error type every handler returns. It renders as RFC 9457 `application/problem+json`;
//! internal causes are logged with the request's span and never sent to the client.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

/// One violated rule on one input field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldError {
    /// Where the value was: a JSON pointer-like path (`name_zh`, `links[2].year`) or a
    /// parameter name.
    #[schema(example = "uscc")]
    pub field: String,
    /// Machine-readable rule name.
    #[schema(example = "check_character")]
    pub rule: String,
    /// Human-readable explanation.
    #[schema(example = "check character is 'X' but the first 17 characters require 'Y'")]
    pub message: String,
}

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
}

const PROBLEM_BASE: &str = "https://chain-atlas.example/problems/";

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
    /// The request clashes with an existing record (e.g. a USCC already registered).
    #[error("{detail}")]
    Conflict {
        detail: String,
        existing_id: Option<String>,
    },
    #[error("{0}")]
    PayloadTooLarge(String),
    /// An import with invalid rows that wrote nothing; carries the per-row report.
    #[error("{detail}")]
    ImportRejected {
        detail: String,
        errors: Vec<FieldError>,
        report: serde_json::Value,
    },
    /// The database (or another dependency) failed or took too long.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// A single-field validation failure.
    pub fn invalid(field: &str, rule: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        ApiError::Validation {
            detail: format!("{field}: {message}"),
            errors: vec![FieldError {
                field: field.into(),
                rule: rule.into(),
                message,
            }],
        }
    }

    fn slug_and_title(&self) -> (&'static str, &'static str) {
        match self {
            ApiError::BadRequest { .. } => ("bad-request", "Bad request"),
            ApiError::Validation { .. } => ("validation", "Validation failed"),
            ApiError::ImportRejected { .. } => ("import-rejected", "Import rejected"),
            ApiError::Unauthorized(_) => ("unauthorized", "Unauthorized"),
            ApiError::Forbidden(_) => ("forbidden", "Forbidden"),
            ApiError::NotFound(_) => ("not-found", "Not found"),
            ApiError::Conflict { .. } => ("conflict", "Conflict"),
            ApiError::PayloadTooLarge(_) => ("payload-too-large", "Payload too large"),
            ApiError::Unavailable(_) => ("unavailable", "Service unavailable"),
            ApiError::Internal(_) => ("internal", "Internal server error"),
        }
    }

    fn problem(&self) -> Problem {
        let (slug, title) = self.slug_and_title();
        let (detail, errors) = match self {
            ApiError::BadRequest { detail, errors }
            | ApiError::Validation { detail, errors }
            | ApiError::ImportRejected { detail, errors, .. } => (detail.clone(), errors.clone()),
            ApiError::NotFound(d)
            | ApiError::PayloadTooLarge(d)
            | ApiError::Unauthorized(d)
            | ApiError::Forbidden(d)
            | ApiError::Conflict { detail: d, .. } => (d.clone(), vec![]),
            // The cause stays in the log; clients learn only that they may retry.
            ApiError::Unavailable(_) => (
                "a dependency (the graph database) is unavailable or too slow; retry later".into(),
                vec![],
            ),
            ApiError::Internal(_) => ("an unexpected error occurred".into(), vec![]),
        };
        Problem {
            kind: format!("{PROBLEM_BASE}{slug}"),
            title: title.into(),
            status: self.status_code().as_u16(),
            detail,
            errors,
            existing_id: match self {
                ApiError::Conflict { existing_id, .. } => existing_id.clone(),
                _ => None,
            },
            report: match self {
                ApiError::ImportRejected { report, .. } => Some(report.clone()),
                _ => None,
            },
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
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
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
        if matches!(self, ApiError::Unavailable(_)) {
            response.insert_header((header::RETRY_AFTER, "5"));
        }
        if matches!(self, ApiError::Unauthorized(_)) {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response
            .content_type("application/problem+json")
            .body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}
