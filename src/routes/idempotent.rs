//! The `Idempotency-Key` header of creating requests, and the answer that says whether it
//! created the record or replays an earlier request's.

use std::future::{ready, Ready};

use actix_web::{dev::Payload, FromRequest, HttpRequest, HttpResponse};
use serde::Serialize;

use super::problem::ApiError;
use crate::auth::Principal;
use crate::error::Error;
use crate::idempotency::{Claim, Outcome};

const HEADER: &str = "idempotency-key";
/// Set on an answer that repeats what an earlier request with the same key created.
const REPLAYED: &str = "idempotent-replayed";

/// The `Idempotency-Key` a request sent, if any (checked in `claim`, after authentication).
pub struct IdempotencyKey(Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // A header that is not text is kept as text that fails `Claim::new`'s check.
        let key = req.headers().get(HEADER).map(|v| {
            v.to_str()
                .map(str::to_owned)
                .unwrap_or_else(|_| "\u{0}".into())
        });
        ready(Ok(IdempotencyKey(key)))
    }
}

impl IdempotencyKey {
    /// The caller's claim on the key for a request with this body.
    pub fn claim(&self, who: &Principal, body: &impl Serialize) -> Result<Option<Claim>, Error> {
        self.0
            .as_deref()
            .map(|key| Claim::new(who, key, body))
            .transpose()
    }
}

/// 201 with the record; a replay says so in `Idempotent-Replayed: true`.
pub fn created(outcome: Outcome, record: &impl Serialize) -> HttpResponse {
    let mut response = HttpResponse::Created();
    if outcome == Outcome::Replayed {
        response.insert_header((REPLAYED, "true"));
    }
    response.json(record)
}
