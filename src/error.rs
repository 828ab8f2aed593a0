//! The service layer's error, in domain terms. Stores, queries and imports return it; only
//! `routes/` turns it into an HTTP answer (`routes::problem::ApiError`). Database causes are
//! kept as sources so the route boundary can log the whole chain.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::DbError;

/// One violated rule on one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
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

impl FieldError {
    pub fn new(field: &str, rule: &str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            rule: rule.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// `kind` names what was looked for (`enterprise`, `chain`, `relationship`…).
    #[error("{kind} '{id}' does not exist")]
    NotFound { kind: &'static str, id: String },
    /// The record was merged into another, which answers for it now.
    #[error("{} '{id}' was merged into '{into}'", kind.as_str())]
    Merged {
        kind: crate::domain::OrgKind,
        id: String,
        into: String,
    },
    /// Input that breaks the rules, every broken rule named.
    #[error("{}", summary(.0))]
    Invalid(Vec<FieldError>),
    /// The request clashes with an existing record (e.g. a USCC already registered).
    #[error("{detail}")]
    Conflict {
        detail: String,
        existing_id: Option<String>,
    },
    /// A place the caller holds (a feed cursor) that this database no longer has; `oldest` is
    /// where reading can start again.
    #[error("{detail}")]
    Gone {
        detail: String,
        oldest: Option<String>,
    },
    /// The record changed since the caller read it (`If-Match` no longer holds).
    #[error("{0}")]
    Stale(String),
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    /// The database is down, too slow, or asked us to retry.
    #[error("the graph database is unavailable or too slow")]
    Unavailable(#[source] DbError),
    /// The database refused or answered something unexpected: a fault on our side.
    #[error("database failure")]
    Db(#[source] DbError),
}

fn summary(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A single-field validation failure.
    pub fn invalid(field: &str, rule: &str, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError::new(field, rule, message)])
    }

    /// Synthetic data is demo or benchmark material: verifying it would pass it off as checked
    /// fact, so the request clashes with what the record is.
    pub fn synthetic_never_verified() -> Self {
        Error::Conflict {
            detail: "synthetic records are never verified".into(),
            existing_id: None,
        }
    }

    pub fn not_found(kind: &'static str, id: impl Into<String>) -> Self {
        Error::NotFound {
            kind,
            id: id.into(),
        }
    }
}

impl From<DbError> for Error {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Unavailable(_) | DbError::Timeout(_) | DbError::Transient(_) => {
                Error::Unavailable(e)
            }
            DbError::Conflict(detail) => Error::Conflict {
                detail,
                existing_id: None,
            },
            // A uniqueness constraint caught a write that raced another one: the caller's
            // record clashes with one that now exists.
            DbError::Constraint(_) => Error::Conflict {
                detail: "the record clashes with one written at the same time; read it and retry"
                    .into(),
                existing_id: None,
            },
            other => Error::Db(other),
        }
    }
}

impl crate::db::Transient for Error {
    fn is_transient(&self) -> bool {
        matches!(self, Error::Unavailable(DbError::Transient(_)))
    }
}

/// Every cause in `error`'s source chain, outermost first, for a log line.
pub fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_failures_keep_their_cause() {
        let e = Error::from(DbError::Timeout(std::time::Duration::from_secs(1)));
        assert!(matches!(e, Error::Unavailable(_)));
        assert!(chain(&e).contains("exceeded"), "{}", chain(&e));
        assert!(matches!(
            Error::from(DbError::Constraint("x".into())),
            Error::Conflict { .. }
        ));
        assert!(matches!(
            Error::from(DbError::Decode("x".into())),
            Error::Db(_)
        ));
    }

    #[test]
    fn invalid_names_every_field() {
        let e = Error::Invalid(vec![
            FieldError::new("a", "r", "bad a"),
            FieldError::new("b", "r", "bad b"),
        ]);
        assert_eq!(e.to_string(), "a: bad a; b: bad b");
    }
}
