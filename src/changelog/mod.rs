//! The change log: one `(:Change)` node per create, update, delete or verification of a record,
//! kept by target id so it outlives a deleted record. Every write records its change in the
//! same transaction, so either both happen or neither does — and moves on the versions of the
//! data it can change (`Scope`), which tell cached answers when they are behind.

pub mod feed;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};

use neo4rs::{query, Query};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::{to_bolt, Db, DbError, WriteTx};
use crate::domain::{new_id, ChainId, OrgKind, RecordKind};
use crate::error::Error;

const RECORD: &str = include_str!("../../cypher/history/record.cypher");
const RECORD_UNNUMBERED: &str = include_str!("../../cypher/history/record_unnumbered.cypher");
const LIST: &str = include_str!("../../cypher/history/list.cypher");
const BUMP: &str = include_str!("../../cypher/history/bump.cypher");
const TOUCHED: &str = include_str!("../../cypher/history/touched.cypher");
const PRUNE_MOVES: &str = include_str!("../../cypher/history/prune_moves.cypher");

crate::domain::coded_enum! {
    /// What a change did to its record.
    pub enum Action: "snake_case" {
        Create,
        Update,
        Delete,
        Verify,
        /// A curator turned a submission down (`changes.reason` says why).
        Reject,
        /// A member disputed the record (`changes.reason` says why).
        Dispute,
        /// A curator merged a duplicate into the record that survives (`changes.merged_into` on
        /// the duplicate, `changes.merged` and what moved on the survivor).
        Merge,
        /// An event was reported on the organisation (`changes.event`: production stop,
        /// relocation, sanction or accident, with its source).
        Report,
    }
}

/// Who changed what, when.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "chg-9b2f4e1a0c3d5e7f", "action": "update",
    "at": "2026-11-27T10:05:00Z", "by_key": "3f9a1c2b7d4e", "by_owner": "tj-robot-alliance",
    "changes": {"scale": {"from": "medium", "to": "large"}}}))]
pub struct Change {
    pub id: String,
    pub action: Action,
    pub at: String,
    /// Id of the API key that made the change.
    pub by_key: String,
    /// The member organisation (or `admin`) behind that key.
    pub by_owner: String,
    /// For updates `{field: {from, to}}`; for creates and deletes the whole record.
    #[schema(value_type = Object)]
    pub changes: Value,
}

/// A change as `(:Change)` keeps it (its changes as JSON text).
#[derive(Deserialize)]
pub(crate) struct StoredChange {
    id: String,
    action: Action,
    at: String,
    by_key: String,
    by_owner: String,
    changes: String,
}

impl From<StoredChange> for Change {
    fn from(c: StoredChange) -> Self {
        Change {
            id: c.id,
            action: c.action,
            at: c.at,
            by_key: c.by_key,
            by_owner: c.by_owner,
            changes: serde_json::from_str(&c.changes).unwrap_or(Value::Null),
        }
    }
}

/// What a version covers: the map and the three lists of one chain (for every target region,
/// level and year), or the flows between regions. A write moves the versions of the scopes it
/// can change, and no other (`cypher/history/bump.cypher`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Chain(ChainId),
    Flows,
}

impl Scope {
    const CHAIN_PREFIX: &'static str = "chain:";
    const FLOWS: &'static str = "flows";

    /// The id of its `(:DataVersion)` node.
    pub fn id(self) -> String {
        match self {
            Scope::Chain(chain) => format!("{}{}", Self::CHAIN_PREFIX, chain.as_str()),
            Scope::Flows => Self::FLOWS.to_owned(),
        }
    }

    pub fn parse(id: &str) -> Option<Self> {
        match id.strip_prefix(Self::CHAIN_PREFIX) {
            Some(chain) => ChainId::parse(chain).map(Scope::Chain),
            None => (id == Self::FLOWS).then_some(Scope::Flows),
        }
    }

    pub fn every() -> Vec<Scope> {
        let mut all: Vec<Scope> = ChainId::ALL.iter().copied().map(Scope::Chain).collect();
        all.push(Scope::Flows);
        all
    }
}

/// A write of more records than this moves every scope: working out the scopes of an import
/// batch record by record would cost more than the answers it spares.
const BULK: usize = 200;

/// What a change touches, for the versions it moves.
#[derive(Debug, Clone, Default)]
struct Touches {
    /// Organisations changed: their chains and their neighbours' chains.
    orgs: Vec<String>,
    /// The ends of a relationship changed: their chains.
    ends: Vec<String>,
    /// Chains named by the caller: what the graph no longer shows once the change is written.
    chains: Vec<ChainId>,
}

/// One change to record: the row `record.cypher` takes.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    id: String,
    target_id: String,
    target_kind: RecordKind,
    action: Action,
    /// JSON text: Neo4j properties cannot hold maps.
    changes: String,
    /// The organisations the change is about (the record, or a relationship's ends), and the
    /// chains and regions it held before (a record that leaves them, or goes): where the change
    /// feed's `chain` and `region` filters place it, with the chains and regions those
    /// organisations hold once it is written.
    around: Vec<String>,
    chains_before: Vec<String>,
    regions_before: Vec<String>,
    /// The owner of the record when it is gone after the change (its members' webhooks still
    /// hear of it).
    owners_before: Vec<String>,
    /// A link the record joined or left.
    links_before: Vec<String>,
    #[serde(skip)]
    touches: Touches,
}

impl Entry {
    fn new(target_id: &str, target_kind: RecordKind, action: Action, changes: &Value) -> Self {
        Entry {
            id: new_id("chg"),
            target_id: target_id.to_owned(),
            target_kind,
            action,
            changes: changes.to_string(),
            around: Vec::new(),
            chains_before: Vec::new(),
            regions_before: Vec::new(),
            owners_before: Vec::new(),
            links_before: Vec::new(),
            touches: Touches::default(),
        }
    }

    /// A change to an organisation.
    pub fn organisation(id: &str, kind: OrgKind, action: Action, changes: &Value) -> Self {
        let mut entry = Self::new(id, kind.into(), action, changes);
        entry.touches.orgs.push(id.to_owned());
        entry.around.push(id.to_owned());
        entry
    }

    /// A change to a relationship between `source` and `target` (for a relocation, the region
    /// it left, which no chain counts).
    pub fn relationship(
        id: &str,
        source: &str,
        target: &str,
        action: Action,
        changes: &Value,
    ) -> Self {
        let mut entry = Self::new(id, RecordKind::Relationship, action, changes);
        entry.touches.ends = vec![source.to_owned(), target.to_owned()];
        entry.around = entry.touches.ends.clone();
        entry
    }

    /// An event reported on an organisation: news about it, not a change of the data any answer
    /// is computed from.
    pub fn report(id: &str, kind: RecordKind, changes: &Value) -> Self {
        let mut entry = Self::new(id, kind, Action::Report, changes);
        entry.around.push(id.to_owned());
        entry
    }

    /// A dispute: it changes the record's review, not the data any answer is computed from.
    pub fn dispute(id: &str, kind: RecordKind, changes: &Value) -> Self {
        let mut entry = Self::new(id, kind, Action::Dispute, changes);
        if kind.organisation().is_some() {
            entry.around.push(id.to_owned());
        }
        entry
    }

    /// Also moves these chains: what the record was part of before the change.
    pub fn with_chains(mut self, chains: impl IntoIterator<Item = ChainId>) -> Self {
        for chain in chains {
            self.touches.chains.push(chain);
            self.chains_before.push(chain.as_str().to_owned());
        }
        self
    }

    /// A link the record joins or leaves (a leaver is no longer found in it).
    pub fn with_link(mut self, segment: &str) -> Self {
        self.links_before.push(segment.to_owned());
        self
    }

    /// The region an organisation moves from.
    pub fn moved_from(mut self, region_code: &str) -> Self {
        self.regions_before.push(region_code.to_owned());
        self
    }

    /// Where the record was, and who owned it, before the change: for one that is gone after
    /// it.
    pub fn gone_from(mut self, region_code: &str, owner: Option<&str>) -> Self {
        self.regions_before.push(region_code.to_owned());
        self.owners_before.extend(owner.map(str::to_owned));
        self
    }
}

/// Records `entries`, all by the same caller, inside an open transaction, and moves on the
/// versions of the data they change: every write goes through here.
pub async fn record(tx: &mut WriteTx, who: &Principal, entries: &[Entry]) -> Result<(), DbError> {
    if entries.is_empty() {
        return Ok(());
    }
    let statement = if NUMBERED.load(Ordering::Relaxed) {
        RECORD
    } else {
        RECORD_UNNUMBERED
    };
    let q = query(statement)
        .param("changes", to_bolt(entries)?)
        .param("by_key", who.key_id.as_str())
        .param("by_owner", who.owner());
    tx.run(q).await?;
    if entries.len() > BULK || !SCOPED.load(Ordering::Relaxed) {
        return tx.run(bump(&Scope::every(), EVERYTHING)).await;
    }
    let scopes = touched(tx, entries).await?;
    let mut ids: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.touches.orgs.iter().chain(&e.touches.ends))
        .map(String::as_str)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    tx.run(bump(&scopes, &ids.join(" "))).await
}

/// Whether a write moves only the scopes it touches (`answers.scoped_versions`); without, every
/// write moves every scope, as if each could change every answer.
static SCOPED: AtomicBool = AtomicBool::new(true);

pub fn track_scopes(on: bool) {
    SCOPED.store(on, Ordering::Relaxed);
}

/// Whether recorded changes take their place in the change feed (`feed.numbered`; off only to
/// measure what that costs a write).
static NUMBERED: AtomicBool = AtomicBool::new(true);

pub fn number_changes(on: bool) {
    NUMBERED.store(on, Ordering::Relaxed);
}

/// What a move touched when it is too much to name: a reader reads the whole scope again.
pub const EVERYTHING: &str = "*";

/// The scopes the entries' changes can change, read from the graph as the transaction has
/// written it, plus the chains the entries name.
async fn touched(tx: &mut WriteTx, entries: &[Entry]) -> Result<Vec<Scope>, DbError> {
    let (mut orgs, mut ends) = (Vec::new(), Vec::new());
    let mut scopes: BTreeSet<Scope> = BTreeSet::new();
    for e in entries {
        orgs.extend(e.touches.orgs.iter().map(String::as_str));
        ends.extend(e.touches.ends.iter().map(String::as_str));
        scopes.extend(e.touches.chains.iter().copied().map(Scope::Chain));
    }
    if orgs.is_empty() && ends.is_empty() {
        return Ok(scopes.into_iter().collect());
    }
    let q = query(TOUCHED)
        .param("orgs", orgs)
        .param("ends", ends.clone());
    let rows = tx.rows(q).await?;
    let row = rows
        .first()
        .ok_or_else(|| DbError::Decode("touched: no row".into()))?;
    let chains: Vec<String> = row.get("chains")?;
    let related: bool = row.get("related")?;
    scopes.extend(
        chains
            .iter()
            .filter_map(|c| ChainId::parse(c))
            .map(Scope::Chain),
    );
    // Flows count relationships: a new, changed or deleted one, or an organisation with some.
    if !ends.is_empty() || related {
        scopes.insert(Scope::Flows);
    }
    Ok(scopes.into_iter().collect())
}

/// Drops the version moves older than `kept` (a reader further behind reads its scope whole).
pub async fn prune_moves(db: &Db, kept: std::time::Duration) -> Result<u64, DbError> {
    let mut pruned = 0;
    loop {
        let q = query(PRUNE_MOVES).param("before_secs", kept.as_secs() as i64);
        let n: Vec<i64> = db.write_column(q, "pruned").await?;
        let n = n.first().copied().unwrap_or(0).max(0) as u64;
        pruned += n;
        if n == 0 {
            return Ok(pruned);
        }
    }
}

/// The statement that moves every scope's version: for writes outside the change log (the
/// reference data).
pub fn bump_every_scope() -> Query {
    bump(&Scope::every(), EVERYTHING)
}

/// Moves the scopes' versions on, in sorted order, so that two writes lock them alike; each
/// move notes what it `touched` (organisation ids, space-separated).
fn bump(scopes: &[Scope], touched: &str) -> Query {
    let mut ids: Vec<String> = scopes.iter().map(|s| s.id()).collect();
    ids.sort();
    ids.dedup();
    query(BUMP).param("scopes", ids).param("touched", touched)
}

/// Runs `statements` and records the change they make, in one transaction.
pub async fn write_recorded(
    db: &Db,
    who: &Principal,
    entry: Entry,
    statements: Vec<Query>,
) -> Result<(), DbError> {
    let who = who.clone();
    db.in_transaction(move |tx| {
        Box::pin(async move {
            for statement in statements {
                tx.run(statement).await?;
            }
            record(tx, &who, &[entry]).await
        })
    })
    .await
}

/// The changes of one record, oldest first; a not-found error when nothing was ever recorded.
pub async fn of_record(db: &Db, kind: RecordKind, id: &str) -> Result<Vec<Change>, Error> {
    let q = query(LIST).param("id", id).param("kind", kind.as_str());
    let stored: Vec<StoredChange> = db.column(q, "change").await?;
    if stored.is_empty() {
        return Err(Error::not_found("history of", id));
    }
    Ok(stored.into_iter().map(Change::from).collect())
}
