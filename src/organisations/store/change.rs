//! One change to one organisation, in one transaction: lock it, read what is current, check the
//! caller may change it and that it is the version the caller saw (`If-Match`), then let the
//! action decide its statements and history entry from that current state.

use neo4rs::{query, Query};

use super::{ensure_may_change, GET};
use crate::auth::Principal;
use crate::changelog::{self, Entry};
use crate::db::{Db, WriteTx};
use crate::domain::{OrgId, OrgKind};
use crate::error::Error;
use crate::organisations::model::Organisation;

const LOCK: &str = include_str!("../../../cypher/organisations/lock.cypher");

/// What an action writes: its statements and the history entry recording them; `None` when the
/// record already is as asked.
pub type Planned = Option<(Vec<Query>, Entry)>;

/// The organisation, locked for the rest of the transaction; not found when it does not exist
/// (or is of the other kind).
pub async fn lock(tx: &mut WriteTx, kind: OrgKind, id: &OrgId) -> Result<Organisation, Error> {
    let locked: Vec<String> = tx
        .column(query(LOCK).param("id", id.as_str()), "id")
        .await?;
    if locked.is_empty() {
        return Err(Error::not_found(kind.as_str(), id.as_str()));
    }
    let q = query(GET)
        .param("ids", vec![id.to_string()])
        .param("kind", kind.as_str());
    let found: Vec<Organisation> = tx.column(q, "organisation").await?;
    found
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found(kind.as_str(), id.as_str()))
}

/// Refuses when the caller read another version than the current one.
pub fn check_version(current: &Organisation, expected: Option<i64>) -> Result<(), Error> {
    match expected {
        Some(v) if v != current.version => Err(Error::Stale(format!(
            "'{}' is at version {}, not {v}: someone changed it meanwhile; read it again",
            current.id, current.version
        ))),
        _ => Ok(()),
    }
}

/// Runs one change (see the module comment) and returns the record as it is afterwards.
pub async fn change<F>(
    db: &Db,
    who: &Principal,
    kind: OrgKind,
    id: &OrgId,
    expected: Option<i64>,
    plan: F,
) -> Result<Organisation, Error>
where
    F: Fn(&Organisation) -> Result<Planned, Error> + Clone + Send + Sync + 'static,
{
    let (who2, id2) = (who.clone(), id.clone());
    db.in_transaction(move |tx| {
        Box::pin(async move {
            let current = lock(tx, kind, &id2).await?;
            ensure_may_change(&who2, &current)?;
            check_version(&current, expected)?;
            if let Some((statements, entry)) = plan(&current)? {
                for statement in statements {
                    tx.run(statement).await?;
                }
                changelog::record(tx, &who2, &[entry]).await?;
            }
            Ok::<_, Error>(())
        })
    })
    .await?;
    super::get(db, kind, id).await
}

/// For the change log: a member's change resets verification (the statements do it).
pub fn verification_reset(
    who: &Principal,
    current: &Organisation,
) -> Option<(String, serde_json::Value)> {
    (current.verified && who.role != crate::auth::Role::Admin).then(|| {
        (
            "verified".to_owned(),
            serde_json::json!({"from": true, "to": false}),
        )
    })
}
