//! What an organisation declares about one chain link — an enterprise operating in it, an R&D
//! source able to do something in it — is put and withdrawn the same way: by its owner or an
//! admin, resetting verification for a member, with a history entry, in one transaction.

use neo4rs::{query, Query};
use serde_json::{json, Map, Value};

use super::change::{change, verification_reset, Planned};
use super::check_references;
use crate::auth::{Principal, Role};
use crate::changelog::{Action, Entry};
use crate::db::Db;
use crate::domain::{OrgId, OrgKind, SegmentId};
use crate::error::Error;
use crate::organisations::model::Organisation;

/// One kind of claim about a link.
pub struct LinkClaim {
    pub kind: OrgKind,
    /// The record's field that lists the claims, and the name of one in a 404.
    pub field: &'static str,
    pub what: &'static str,
    /// Cypher that removes the claim (`$id`, `$kind`, `$segment`, `$curator`).
    pub delete: &'static str,
    /// Whether the record holds a claim on the link.
    pub held: fn(&Organisation, &str) -> bool,
}

fn entry(
    claim: &LinkClaim,
    who: &Principal,
    current: &Organisation,
    segment: &SegmentId,
    value: Value,
) -> Entry {
    let mut changes = Map::new();
    changes.insert(claim.field.into(), value);
    changes.extend(verification_reset(who, current));
    // A withdrawn claim no longer shows in the graph: its chain is named.
    Entry::organisation(&current.id, claim.kind, Action::Update, &changes.into())
        .with_chains(segment.chain())
        .with_link(segment.as_str())
}

/// Puts a claim: `statement` writes it for the current record (given `$curator`); `value` is
/// what the history records.
pub async fn put(
    db: &Db,
    who: &Principal,
    claim: &'static LinkClaim,
    id: &OrgId,
    segment: &SegmentId,
    value: Value,
    statement: impl Fn(&Organisation, bool) -> Result<Query, Error> + Clone + Send + Sync + 'static,
) -> Result<Organisation, Error> {
    check_references(db, None, None, Some(segment)).await?;
    let (who2, segment) = (who.clone(), segment.clone());
    let plan = move |current: &Organisation| -> Result<Planned, Error> {
        let write = statement(current, who2.role == Role::Admin)?;
        let put = json!({ "put": value });
        Ok(Some((
            vec![write],
            entry(claim, &who2, current, &segment, put),
        )))
    };
    change(db, who, claim.kind, id, None, plan).await
}

pub async fn withdraw(
    db: &Db,
    who: &Principal,
    claim: &'static LinkClaim,
    id: &OrgId,
    segment: &SegmentId,
) -> Result<(), Error> {
    let (who2, segment) = (who.clone(), segment.clone());
    let plan = move |current: &Organisation| -> Result<Planned, Error> {
        if !(claim.held)(current, segment.as_str()) {
            let what = format!("{} in {segment}", current.id);
            return Err(Error::not_found(claim.what, what));
        }
        let statement = query(claim.delete)
            .param("id", current.id.as_str())
            .param("kind", claim.kind.as_str())
            .param("segment", segment.as_str())
            .param("curator", who2.role == Role::Admin);
        let removed = json!({ "removed": segment });
        Ok(Some((
            vec![statement],
            entry(claim, &who2, current, &segment, removed),
        )))
    };
    change(db, who, claim.kind, id, None, plan).await?;
    Ok(())
}
