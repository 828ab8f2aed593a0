//! `Idempotency-Key` for requests that create records. When a create's commit outcome is
//! unknown (a timeout or a lost connection while committing), the client gets a 503 and retries;
//! with the same key and the same body the retry gets the record the first request created
//! instead of a duplicate. The key is remembered in the same transaction as the record, so it
//! exists exactly when the record does.

use neo4rs::{query, Query};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::Principal;
use crate::db::Db;
use crate::domain::RecordKind;
use crate::error::Error;

const FIND: &str = include_str!("../../cypher/idempotency/find.cypher");
const RECORD: &str = include_str!("../../cypher/idempotency/record.cypher");

/// The longest key accepted; UUIDs and ULIDs fit easily.
pub const KEY_MAX: usize = 200;

/// A request's claim on an idempotency key: the key, scoped to the API key that sends it, and a
/// fingerprint of what the request asks for.
#[derive(Debug, Clone)]
pub struct Claim {
    scope: String,
    fingerprint: String,
}

/// What an earlier request with the same key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prior {
    /// Nothing yet: this request creates the record.
    Unused,
    /// It created this record (the same body): answer with it again.
    Created(String),
}

#[derive(Deserialize)]
struct Stored {
    fingerprint: String,
    record_id: String,
}

impl Claim {
    /// The claim of `who` on `key` for a request with this body.
    pub fn new(who: &Principal, key: &str, body: &impl Serialize) -> Result<Self, Error> {
        let printable = key.bytes().all(|b| (0x21..=0x7e).contains(&b));
        if key.is_empty() || key.len() > KEY_MAX || !printable {
            return Err(Error::invalid(
                "Idempotency-Key",
                "format",
                format!("1 to {KEY_MAX} printable ASCII characters, e.g. a UUID"),
            ));
        }
        let body = serde_json::to_vec(body).unwrap_or_default();
        Ok(Claim {
            scope: format!("{}:{key}", who.key_id),
            fingerprint: hex::encode(Sha256::digest(&body)),
        })
    }

    /// What an earlier request with this key did; invalid when it sent another body.
    pub async fn prior(&self, db: &Db) -> Result<Prior, Error> {
        let rows = db
            .rows(query(FIND).param("scope", self.scope.as_str()))
            .await?;
        let Some(row) = rows.first() else {
            return Ok(Prior::Unused);
        };
        let stored: Stored = row.to().map_err(crate::db::DbError::from)?;
        if stored.fingerprint != self.fingerprint {
            return Err(Error::invalid(
                "Idempotency-Key",
                "reused",
                "this key was used for a request with another body; use a new key",
            ));
        }
        Ok(Prior::Created(stored.record_id))
    }

    /// The statement that remembers, with the record, that this key created it.
    pub fn record(&self, kind: RecordKind, id: &str) -> Query {
        query(RECORD)
            .param("scope", self.scope.as_str())
            .param("fingerprint", self.fingerprint.as_str())
            .param("record_kind", kind.as_str())
            .param("record_id", id)
    }
}

/// Whether an answer created its record now or replays an earlier request's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Replayed,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    fn who(key_id: &str) -> Principal {
        Principal {
            key_id: key_id.into(),
            role: Role::Member,
            member_org: Some("m".into()),
        }
    }

    #[test]
    fn claims_are_scoped_to_the_api_key_and_fingerprint_the_body() {
        let body = serde_json::json!({"a": 1});
        let a = Claim::new(&who("k1"), "abc", &body).unwrap();
        let b = Claim::new(&who("k2"), "abc", &body).unwrap();
        let c = Claim::new(&who("k1"), "abc", &serde_json::json!({"a": 2})).unwrap();
        assert_ne!(a.scope, b.scope);
        assert_eq!(a.fingerprint, b.fingerprint);
        assert_ne!(a.fingerprint, c.fingerprint);
    }

    #[test]
    fn keys_are_short_printable_text() {
        let body = serde_json::json!({});
        for bad in ["", "has space", "ключ", &"x".repeat(201)] {
            assert!(Claim::new(&who("k"), bad, &body).is_err(), "{bad}");
        }
        assert!(Claim::new(&who("k"), "0b8c1f2e-7d6a-4f0e-9c1b-2a3d4e5f6a7b", &body).is_ok());
    }
}
