//! The error answers operations share, declared once for the OpenAPI document. Each set lists
//! every status an operation of that shape can answer; all are `application/problem+json`, and
//! each answer is written once below, whichever sets include it.

use std::collections::BTreeMap;

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{IntoResponses, PartialSchema};

/// One error answer: its status, what it means, and whether it says when to try again.
struct Answer {
    status: u16,
    description: &'static str,
    retry: Retry,
}

#[derive(Clone, Copy)]
enum Retry {
    No,
    /// `Retry-After`.
    After,
    /// `Retry-After`, and the rate limiter's own `x-ratelimit-after`.
    RateLimited,
}

const fn answer(status: u16, description: &'static str) -> Answer {
    Answer {
        status,
        description,
        retry: Retry::No,
    }
}

const MALFORMED: Answer = answer(400, "Malformed JSON");
const KEY_REQUIRED: Answer = answer(
    401,
    "A key is required (public reads are off), or the key is invalid or revoked",
);
const NO_KEY: Answer = answer(401, "No key, or the key is invalid or revoked");
const FORBIDDEN: Answer = answer(403, "The key's role or organisation may not do this");
const FORBIDDEN_CHANGE: Answer = answer(
    403,
    "The key's role or organisation may not change this record",
);
const ADMIN_ONLY: Answer = answer(403, "Only an admin key may read it");
const NOT_FOUND: Answer = answer(404, "No such record");
const MERGED: Answer = answer(
    301,
    "Merged into another record: `Location` is its address, `merged_into` its id",
);
const CONFLICT: Answer = answer(
    409,
    "Clashes with an existing record (`existing_id` names it)",
);
const DEPENDED_ON: Answer = answer(
    409,
    "Refused while records other organisations own depend on it, or it changed meanwhile (the problem says which)",
);
const FEED_GONE: Answer = answer(
    410,
    "The cursor is not a place in this database's change feed (reset, replaced or restored): `oldest_cursor` is where to start again",
);
const STALE: Answer = answer(412, "`If-Match` names a version that is no longer current");
const TOO_LARGE: Answer = answer(413, "Body too large");
const NOT_JSON: Answer = answer(415, "The body is not `application/json`");
const BAD_PARAMETER: Answer = answer(
    422,
    "A path or query parameter breaks its rule (the problem names it)",
);
const BAD_FIELD: Answer = answer(422, "A field breaks its rule (the problem names every one)");
const BAD_FIELD_OR_PARAMETER: Answer = answer(
    422,
    "A field or parameter breaks its rule (the problem names every one)",
);
const BAD_PATH: Answer = answer(422, "A path parameter breaks its rule");
const TOO_MANY: Answer = Answer {
    status: 429,
    description: "Too many requests; retry after `Retry-After` seconds",
    retry: Retry::RateLimited,
};
const UNAVAILABLE: Answer = Answer {
    status: 503,
    description: "The graph database is unavailable or too slow; retry after `Retry-After` seconds",
    retry: Retry::After,
};
const UNAVAILABLE_KEY: Answer = Answer {
    status: 503,
    description: "The graph database is unavailable or too slow (the key could not be checked); retry after `Retry-After` seconds",
    retry: Retry::After,
};
const FAULT: Answer = answer(
    500,
    "A fault on our side, logged with the request id (`x-request-id`); nothing is half-written",
);
const FAULT_READ: Answer = answer(
    500,
    "A fault on our side, logged with the request id (`x-request-id`)",
);

fn seconds(description: &str) -> HeaderBuilder {
    HeaderBuilder::new()
        .schema(u64::schema())
        .description(Some(description))
}

fn response(answer: &Answer) -> Response {
    let problem = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("Problem")))
        .build();
    let mut response = ResponseBuilder::new()
        .description(answer.description)
        .content("application/problem+json", problem);
    if !matches!(answer.retry, Retry::No) {
        let header = seconds("Seconds to wait before trying again");
        response = response.header("Retry-After", header.build());
    }
    if answer.status == MERGED.status {
        let location = HeaderBuilder::new()
            .schema(String::schema())
            .description(Some("The surviving record's address"));
        response = response.header("Location", location.build());
    }
    if matches!(answer.retry, Retry::RateLimited) {
        let header = seconds("The same, as the rate limiter states it");
        response = response.header("x-ratelimit-after", header.build());
    }
    response.build()
}

fn answers(set: &[&Answer]) -> BTreeMap<String, RefOr<Response>> {
    set.iter()
        .map(|a| (a.status.to_string(), RefOr::T(response(a))))
        .collect()
}

macro_rules! error_set {
    ($(#[$doc:meta])* $name:ident: $($answer:ident),+) => {
        $(#[$doc])*
        pub struct $name;

        impl IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                answers(&[$(&$answer),+])
            }
        }
    };
}

error_set!(
    /// A read of a collection or of reference data.
    ReadErrors: KEY_REQUIRED, TOO_MANY, UNAVAILABLE, FAULT
);
error_set!(
    /// A read of one record, or a question about named records, with parameters.
    LookupErrors: KEY_REQUIRED, NOT_FOUND, BAD_PARAMETER, TOO_MANY, UNAVAILABLE, FAULT
);
error_set!(
    /// A read of the change feed after a cursor.
    FeedErrors: KEY_REQUIRED, FEED_GONE, BAD_PARAMETER, TOO_MANY, UNAVAILABLE, FAULT
);
error_set!(
    /// A read of one organisation, whose id may have been merged into another's.
    RecordErrors: MERGED, KEY_REQUIRED, NOT_FOUND, BAD_PARAMETER, TOO_MANY, UNAVAILABLE, FAULT
);
error_set!(
    /// A write with a JSON body that creates something.
    CreateErrors: MALFORMED, NO_KEY, FORBIDDEN, CONFLICT, TOO_LARGE, NOT_JSON, BAD_FIELD,
        TOO_MANY, UNAVAILABLE, FAULT
);
error_set!(
    /// A write with a JSON body that changes an existing record.
    ChangeErrors: MALFORMED, NO_KEY, FORBIDDEN_CHANGE, NOT_FOUND, CONFLICT, STALE, TOO_LARGE,
        NOT_JSON, BAD_FIELD_OR_PARAMETER, TOO_MANY, UNAVAILABLE, FAULT
);
error_set!(
    /// An action on an existing record without a body (verify, delete, revoke).
    ActionErrors: NO_KEY, FORBIDDEN, NOT_FOUND, DEPENDED_ON, STALE, BAD_PATH, TOO_MANY,
        UNAVAILABLE, FAULT
);
error_set!(
    /// A read of a log kept for one record, paged by a query (a webhook's deliveries).
    LogErrors: NO_KEY, FORBIDDEN, NOT_FOUND, BAD_PATH, BAD_PARAMETER, TOO_MANY, UNAVAILABLE,
        FAULT
);
error_set!(
    /// An operator's read that the request quotas never limit (`/metrics`).
    OperatorErrors: NO_KEY, ADMIN_ONLY, UNAVAILABLE_KEY, FAULT_READ
);
error_set!(
    /// A question with a JSON body that writes nothing (reconciling a list).
    QuestionErrors: MALFORMED, KEY_REQUIRED, TOO_LARGE, NOT_JSON, BAD_FIELD, TOO_MANY,
        UNAVAILABLE, FAULT
);
