//! Watchlists and alerts: a key watches organisations, chain links, chains and regions; events
//! (production stops, relocations, sanctions, accidents) are reported on organisations with
//! their sources; the alerter (`alerter`) follows the change feed and raises an alert for each
//! watcher a change concerns — the watched record itself, something in a watched scope, a
//! supplier upstream of a watched firm, or an event whose impact disrupts it — with the supply
//! path by which it reaches them.

pub mod alerter;
pub mod events;

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::changelog::feed::FeedChange;
use crate::changelog::Change;
use crate::db::Db;
use crate::domain::{new_id, AlertId, ChainId, RecordKind, RegionCode, SegmentId};
use crate::error::Error;

const TARGET: &str = include_str!("../../cypher/watches/target.cypher");
const CREATE: &str = include_str!("../../cypher/watches/create.cypher");
const LIST: &str = include_str!("../../cypher/watches/list.cypher");
const DELETE: &str = include_str!("../../cypher/watches/delete.cypher");
const ALERTS: &str = include_str!("../../cypher/alerts/list.cypher");
const READ: &str = include_str!("../../cypher/alerts/read.cypher");
const RAISED: &str = include_str!("../../cypher/alerts/raised.cypher");

crate::domain::coded_enum! {
    /// What a watch follows.
    pub enum WatchKind: "snake_case" {
        Enterprise,
        RdSource,
        /// A chain link (`SegmentId`): firms joining it, leaving it, or changing while in it.
        Link,
        Chain,
        /// A region (GB/T 2260) and everything below it.
        Region,
    }
}

crate::domain::coded_enum! {
    /// Why an alert was raised.
    pub enum AlertReason: "snake_case" {
        /// The watched organisation changed, or a relationship with it at one end.
        Changed,
        /// A supplier up to three tiers upstream of the watched firm was rejected, relocated,
        /// lost its verification or had an event reported (`path`: supplier first).
        Upstream,
        /// An event on an organisation upstream disrupts the watched firm by the impact rule
        /// (`path`: the organisation of the event first).
        Disrupted,
        /// Something changed about an organisation in the watched chain, link or region (or one
        /// that joined or left it).
        InScope,
    }
}

/// One thing a key watches.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"id": "wat-4b1e9c2a7d3f5e60", "kind": "enterprise",
    "target": "demo-robotics-72", "name_zh": "【演示】唐山中瑞机器人本体有限公司",
    "created_at": "2026-12-08T02:00:00Z"}))]
pub struct Watch {
    pub id: String,
    pub kind: WatchKind,
    /// The organisation id, link id, chain id or region code watched.
    pub target: String,
    /// Its Chinese name when the watch was made.
    pub name_zh: Option<String>,
    pub created_at: String,
}

/// A new watch.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "enterprise", "target": "demo-robotics-72"}))]
pub struct NewWatch {
    pub kind: WatchKind,
    /// An enterprise or R&D source id, a link id (`hydrogen.fuel-cell-stack`), a chain id or a
    /// region code, as `kind` says.
    #[schema(
        max_length = 128,
        pattern = "^[a-z0-9][a-z0-9.-]{0,127}$",
        example = "demo-robotics-72"
    )]
    pub target: String,
}

impl NewWatch {
    /// The target's form for its kind (that it exists is checked against the graph).
    fn check(&self) -> Result<(), Error> {
        let bad = |message: &str| Error::invalid("target", "format", message.to_owned());
        match self.kind {
            WatchKind::Enterprise | WatchKind::RdSource => {
                crate::domain::OrgId::parse(&self.target)
                    .map(drop)
                    .map_err(|e| bad(&e.message))
            }
            WatchKind::Link => SegmentId::parse(&self.target)
                .map(drop)
                .map_err(|e| bad(&e.message)),
            WatchKind::Chain => ChainId::parse(&self.target)
                .map(drop)
                .ok_or_else(|| bad("not one of the six chains")),
            WatchKind::Region => RegionCode::parse(&self.target)
                .map(drop)
                .map_err(|e| bad(&e.message)),
        }
    }
}

/// The caller's key: watches and alerts are a person's, and until people have accounts a
/// person is the key they use (any role may watch).
pub fn watcher(caller: &crate::auth::Caller) -> Result<&Principal, Error> {
    caller.principal().ok_or_else(|| {
        Error::Unauthenticated("watching needs an API key (Authorization: Bearer <key>)".into())
    })
}

/// Watches `new` for `who`; whether it is new (watching the same thing again returns it).
pub async fn watch(db: &Db, who: &Principal, new: &NewWatch) -> Result<(Watch, bool), Error> {
    new.check()?;
    let q = query(TARGET)
        .param("kind", new.kind.as_str())
        .param("target", new.target.as_str());
    let names: Vec<Option<String>> = db.column(q, "name_zh").await?;
    let Some(Some(name_zh)) = names.into_iter().next() else {
        return Err(Error::invalid(
            "target",
            "exists",
            format!("no {} '{}'", new.kind.as_str(), new.target),
        ));
    };
    let q = query(CREATE)
        .param("id", new_id("wat"))
        .param("key_id", who.key_id.as_str())
        .param("kind", new.kind.as_str())
        .param("target", new.target.as_str())
        .param("name_zh", name_zh);
    #[derive(Deserialize)]
    struct Made {
        created: bool,
        watch: Watch,
    }
    let made: Vec<Made> = db.write_column(q, "made").await?;
    let made = made
        .into_iter()
        .next()
        .ok_or_else(|| Error::Db(crate::db::DbError::Decode("watch: no row".into())))?;
    Ok((made.watch, made.created))
}

/// What `who` watches, newest first.
pub async fn watches(db: &Db, who: &Principal) -> Result<Vec<Watch>, Error> {
    let q = query(LIST).param("key_id", who.key_id.as_str());
    Ok(db.column(q, "watch").await?)
}

/// Stops a watch of `who`'s, and drops its alerts.
pub async fn unwatch(db: &Db, who: &Principal, id: &str) -> Result<(), Error> {
    let q = query(DELETE)
        .param("id", id)
        .param("key_id", who.key_id.as_str());
    let deleted: Vec<bool> = db.write_column(q, "deleted").await?;
    if deleted.is_empty() {
        return Err(Error::not_found("watch", id));
    }
    Ok(())
}

/// An organisation on an alert's path.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PathStep {
    pub id: String,
    /// None when it no longer exists.
    pub name_zh: Option<String>,
}

/// A change that concerns something a key watches.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Alert {
    pub id: String,
    pub reason: AlertReason,
    pub read: bool,
    /// When it was raised.
    pub at: String,
    pub watch: Watch,
    /// The change, as the feed has it.
    pub change: FeedChange,
    /// The Chinese name of the organisation changed, when it is one and still exists.
    pub record_name_zh: Option<String>,
    /// For `upstream` and `disrupted`: the organisations from the one that changed to the
    /// watched firm, along supply relationships. Empty otherwise.
    pub path: Vec<PathStep>,
}

#[derive(Deserialize)]
struct StoredAlert {
    id: String,
    reason: AlertReason,
    read: bool,
    at: String,
    watch: Watch,
    change: StoredFeedChange,
    record_name_zh: Option<String>,
    path: Vec<PathStep>,
}

#[derive(Deserialize)]
struct StoredFeedChange {
    cursor: String,
    record_id: String,
    record_kind: RecordKind,
    #[serde(flatten)]
    change: crate::changelog::StoredChange,
}

/// A page of a key's alerts, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertPage {
    pub alerts: Vec<Alert>,
    /// All the key's unread alerts (not only this page's).
    pub unread: i64,
    /// Pass as `before` for older alerts; none on the last page.
    pub next: Option<String>,
}

/// The most alerts one page holds.
pub const MAX_ALERTS: usize = 200;

/// `who`'s alerts, newest first, before alert `before`; only unread ones when asked.
pub async fn alerts(
    db: &Db,
    who: &Principal,
    unread_only: bool,
    before: Option<&AlertId>,
    limit: usize,
) -> Result<AlertPage, Error> {
    let which = Which {
        unread_only,
        before,
        seqs: None,
    };
    fetch(db, &who.key_id, which, limit).await
}

/// Which of a key's alerts to read.
struct Which<'a> {
    unread_only: bool,
    before: Option<&'a AlertId>,
    /// Only those about these changes (their places in the feed).
    seqs: Option<&'a [i64]>,
}

async fn fetch(db: &Db, key_id: &str, which: Which<'_>, limit: usize) -> Result<AlertPage, Error> {
    let Which {
        unread_only,
        before,
        seqs,
    } = which;
    let q = query(ALERTS)
        .param("key_id", key_id)
        .param("unread_only", unread_only)
        .param("seqs", seqs.map(<[i64]>::to_vec))
        .param("before_seq", before.map(AlertId::seq))
        .param("before_id", before.map(AlertId::as_str))
        .param("limit", limit as i64);
    #[derive(Deserialize)]
    struct Read {
        unread: i64,
        alerts: Vec<StoredAlert>,
    }
    let read: Vec<Read> = db
        .each(q, |row| row.to::<Read>().map_err(Into::into))
        .await?;
    let read = read
        .into_iter()
        .next()
        .ok_or_else(|| Error::Db(crate::db::DbError::Decode("alerts: no row".into())))?;
    let alerts: Vec<Alert> = read
        .alerts
        .into_iter()
        .map(|a| Alert {
            id: a.id,
            reason: a.reason,
            read: a.read,
            at: a.at,
            watch: a.watch,
            change: FeedChange {
                cursor: a.change.cursor,
                record_kind: a.change.record_kind,
                record_id: a.change.record_id,
                change: Change::from(a.change.change),
            },
            record_name_zh: a.record_name_zh,
            path: a.path,
        })
        .collect();
    let next = (alerts.len() == limit)
        .then(|| alerts.last().map(|a| a.id.clone()))
        .flatten();
    Ok(AlertPage {
        alerts,
        unread: read.unread,
        next,
    })
}

/// The alerts one change raised for one key: what an alerts webhook delivers at once.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertBatch {
    /// The change's place in the feed (the delivery's `webhook-id`).
    pub cursor: String,
    pub alerts: Vec<Alert>,
}

/// The alerts raised for a key after a place, grouped by change.
#[derive(Debug)]
pub struct Raised {
    /// Up to where the alerter has looked: later changes may raise more.
    pub head: i64,
    pub epoch: Option<String>,
    /// In feed order.
    pub batches: Vec<AlertBatch>,
}

/// The alerts raised for `key_id` by the first `changes` changes after place `after` that raised
/// any, up to where the alerter has looked; none before the alerter has started.
pub async fn raised_after(
    db: &Db,
    key_id: &str,
    after: i64,
    changes: usize,
) -> Result<Option<Raised>, Error> {
    #[derive(Deserialize)]
    struct Row {
        head: i64,
        epoch: Option<String>,
        seqs: Vec<i64>,
    }
    let q = query(RAISED)
        .param("key_id", key_id)
        .param("after", after)
        .param("changes", changes as i64);
    let rows: Vec<Row> = db.column(q, "raised").await?;
    let Some(row) = rows.into_iter().next() else {
        return Ok(None);
    };
    let mut batches: Vec<AlertBatch> = Vec::new();
    if !row.seqs.is_empty() {
        let which = Which {
            unread_only: false,
            before: None,
            seqs: Some(&row.seqs),
        };
        let mut alerts = fetch(db, key_id, which, usize::MAX >> 1).await?.alerts;
        alerts.reverse();
        for alert in alerts {
            match batches.last_mut() {
                Some(b) if b.cursor == alert.change.cursor => b.alerts.push(alert),
                _ => batches.push(AlertBatch {
                    cursor: alert.change.cursor.clone(),
                    alerts: vec![alert],
                }),
            }
        }
    }
    Ok(Some(Raised {
        head: row.head,
        epoch: row.epoch,
        batches,
    }))
}

/// Which alerts to mark read.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"ids": ["wat-4b1e9c2a7d3f5e60:1234"]}))]
pub struct MarkRead {
    /// These alerts of the caller's.
    #[schema(max_items = 200)]
    pub ids: Option<Vec<AlertId>>,
    /// Every alert of the caller's.
    pub all: Option<bool>,
}

/// How many of the caller's alerts are unread.
#[derive(Debug, Serialize, ToSchema)]
pub struct Unread {
    pub unread: i64,
}

/// Marks alerts of `who`'s read; how many stay unread.
pub async fn mark_read(db: &Db, who: &Principal, which: &MarkRead) -> Result<Unread, Error> {
    let ids: Vec<&str> = which.ids.iter().flatten().map(AlertId::as_str).collect();
    let all = which.all.unwrap_or(false);
    if ids.len() > MAX_ALERTS {
        return Err(Error::invalid(
            "ids",
            "length",
            format!("at most {MAX_ALERTS}"),
        ));
    }
    if ids.is_empty() && !all {
        return Err(Error::invalid(
            "ids",
            "required",
            "name alerts, or say `all`",
        ));
    }
    let q = query(READ)
        .param("key_id", who.key_id.as_str())
        .param("ids", ids)
        .param("all", all);
    let unread: Vec<i64> = db.write_column(q, "unread").await?;
    Ok(Unread {
        unread: unread.first().copied().unwrap_or(0),
    })
}
