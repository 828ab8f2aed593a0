//! The error answers operations share, declared once for the OpenAPI document. Each set lists
//! every status an operation of that shape can answer; all are `application/problem+json`.

use utoipa::IntoResponses;

use super::problem::Problem;

/// A read of a collection or of reference data.
#[derive(IntoResponses)]
pub enum ReadErrors {
    #[response(
        status = 401,
        description = "A key is required (public reads are off), or the key is invalid or revoked",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 429,
        description = "Too many requests; retry after `Retry-After` seconds",
        content_type = "application/problem+json",
        headers(
            ("Retry-After" = u64, description = "Seconds to wait before trying again"),
            ("x-ratelimit-after" = u64, description = "The same, as the rate limiter states it")
        )
    )]
    TooManyRequests(Problem),
    #[response(
        status = 503,
        description = "The graph database is unavailable or too slow; retry after `Retry-After` seconds",
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))
    )]
    Unavailable(Problem),
    #[response(
        status = 500,
        description = "A fault on our side, logged with the request id (`x-request-id`); nothing is half-written",
        content_type = "application/problem+json"
    )]
    Internal(Problem),
}

/// A read of one record, or a question about named records, with parameters.
#[derive(IntoResponses)]
pub enum LookupErrors {
    #[response(
        status = 401,
        description = "A key is required (public reads are off), or the key is invalid or revoked",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 404,
        description = "No such record",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    #[response(
        status = 422,
        description = "A path or query parameter breaks its rule (the problem names it)",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    #[response(
        status = 429,
        description = "Too many requests; retry after `Retry-After` seconds",
        content_type = "application/problem+json",
        headers(
            ("Retry-After" = u64, description = "Seconds to wait before trying again"),
            ("x-ratelimit-after" = u64, description = "The same, as the rate limiter states it")
        )
    )]
    TooManyRequests(Problem),
    #[response(
        status = 503,
        description = "The graph database is unavailable or too slow; retry after `Retry-After` seconds",
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))
    )]
    Unavailable(Problem),
    #[response(
        status = 500,
        description = "A fault on our side, logged with the request id (`x-request-id`); nothing is half-written",
        content_type = "application/problem+json"
    )]
    Internal(Problem),
}

/// A write with a JSON body that creates something.
#[derive(IntoResponses)]
pub enum CreateErrors {
    #[response(
        status = 400,
        description = "Malformed JSON",
        content_type = "application/problem+json"
    )]
    BadRequest(Problem),
    #[response(
        status = 401,
        description = "No key, or the key is invalid or revoked",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "The key's role or organisation may not do this",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(
        status = 409,
        description = "Clashes with an existing record (`existing_id` names it)",
        content_type = "application/problem+json"
    )]
    Conflict(Problem),
    #[response(
        status = 413,
        description = "Body too large",
        content_type = "application/problem+json"
    )]
    PayloadTooLarge(Problem),
    #[response(
        status = 415,
        description = "The body is not `application/json`",
        content_type = "application/problem+json"
    )]
    UnsupportedMediaType(Problem),
    #[response(
        status = 422,
        description = "A field breaks its rule (the problem names every one)",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    #[response(
        status = 429,
        description = "Too many requests; retry after `Retry-After` seconds",
        content_type = "application/problem+json",
        headers(
            ("Retry-After" = u64, description = "Seconds to wait before trying again"),
            ("x-ratelimit-after" = u64, description = "The same, as the rate limiter states it")
        )
    )]
    TooManyRequests(Problem),
    #[response(
        status = 503,
        description = "The graph database is unavailable or too slow; retry after `Retry-After` seconds",
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))
    )]
    Unavailable(Problem),
    #[response(
        status = 500,
        description = "A fault on our side, logged with the request id (`x-request-id`); nothing is half-written",
        content_type = "application/problem+json"
    )]
    Internal(Problem),
}

/// A write with a JSON body that changes an existing record.
#[derive(IntoResponses)]
pub enum ChangeErrors {
    #[response(
        status = 400,
        description = "Malformed JSON",
        content_type = "application/problem+json"
    )]
    BadRequest(Problem),
    #[response(
        status = 401,
        description = "No key, or the key is invalid or revoked",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "The key's role or organisation may not change this record",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(
        status = 404,
        description = "No such record",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    #[response(
        status = 409,
        description = "Clashes with an existing record (`existing_id` names it)",
        content_type = "application/problem+json"
    )]
    Conflict(Problem),
    #[response(
        status = 412,
        description = "`If-Match` names a version that is no longer current",
        content_type = "application/problem+json"
    )]
    PreconditionFailed(Problem),
    #[response(
        status = 413,
        description = "Body too large",
        content_type = "application/problem+json"
    )]
    PayloadTooLarge(Problem),
    #[response(
        status = 415,
        description = "The body is not `application/json`",
        content_type = "application/problem+json"
    )]
    UnsupportedMediaType(Problem),
    #[response(
        status = 422,
        description = "A field or parameter breaks its rule (the problem names every one)",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    #[response(
        status = 429,
        description = "Too many requests; retry after `Retry-After` seconds",
        content_type = "application/problem+json",
        headers(
            ("Retry-After" = u64, description = "Seconds to wait before trying again"),
            ("x-ratelimit-after" = u64, description = "The same, as the rate limiter states it")
        )
    )]
    TooManyRequests(Problem),
    #[response(
        status = 503,
        description = "The graph database is unavailable or too slow; retry after `Retry-After` seconds",
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))
    )]
    Unavailable(Problem),
    #[response(
        status = 500,
        description = "A fault on our side, logged with the request id (`x-request-id`); nothing is half-written",
        content_type = "application/problem+json"
    )]
    Internal(Problem),
}

/// An action on an existing record without a body (verify, delete, revoke).
#[derive(IntoResponses)]
pub enum ActionErrors {
    #[response(
        status = 401,
        description = "No key, or the key is invalid or revoked",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "The key's role or organisation may not do this",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(
        status = 404,
        description = "No such record",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    #[response(
        status = 409,
        description = "Refused while records other organisations own depend on it, or it changed meanwhile (the problem says which)",
        content_type = "application/problem+json"
    )]
    Conflict(Problem),
    #[response(
        status = 412,
        description = "`If-Match` names a version that is no longer current",
        content_type = "application/problem+json"
    )]
    PreconditionFailed(Problem),
    #[response(
        status = 422,
        description = "A path parameter breaks its rule",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
    #[response(
        status = 429,
        description = "Too many requests; retry after `Retry-After` seconds",
        content_type = "application/problem+json",
        headers(
            ("Retry-After" = u64, description = "Seconds to wait before trying again"),
            ("x-ratelimit-after" = u64, description = "The same, as the rate limiter states it")
        )
    )]
    TooManyRequests(Problem),
    #[response(
        status = 503,
        description = "The graph database is unavailable or too slow; retry after `Retry-After` seconds",
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))
    )]
    Unavailable(Problem),
    #[response(
        status = 500,
        description = "A fault on our side, logged with the request id (`x-request-id`); nothing is half-written",
        content_type = "application/problem+json"
    )]
    Internal(Problem),
}

/// An operator's read that the request quotas never limit (`/metrics`).
#[derive(IntoResponses)]
pub enum OperatorErrors {
    #[response(
        status = 401,
        description = "No key, or the key is invalid or revoked",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "Only an admin key may read it",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(
        status = 503,
        description = "The graph database is unavailable or too slow (the key could not be checked); retry after `Retry-After` seconds",
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))
    )]
    Unavailable(Problem),
    #[response(
        status = 500,
        description = "A fault on our side, logged with the request id (`x-request-id`)",
        content_type = "application/problem+json"
    )]
    Internal(Problem),
}
