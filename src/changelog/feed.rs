//! The change feed: every change recorded since the feed began, once each, in commit order
//! (`cypher/history/record.cypher` numbers them under one lock), for a tool that mirrors the
//! data or reacts to it. It is the records' histories interleaved: the same entries, with the
//! id each change was made to and its place.

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Change, StoredChange};
use crate::db::Db;
use crate::domain::cursor::FeedCursor;
use crate::domain::{ChainId, RecordKind, RegionCode};
use crate::error::Error;

const FEED: &str = include_str!("../../cypher/history/feed.cypher");

/// The most changes one page holds.
pub const MAX_PAGE: usize = 1000;

/// One change in the feed: the entry of the record's history, with its place and record.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"cursor": "3fa9c1d2-1234", "record_kind": "enterprise",
    "record_id": "ent-hb-001", "id": "chg-9b2f4e1a0c3d5e7f", "action": "update",
    "at": "2026-11-27T10:05:00Z", "by_key": "3f9a1c2b7d4e", "by_owner": "tj-robot-alliance",
    "changes": {"scale": {"from": "medium", "to": "large"}}}))]
pub struct FeedChange {
    /// Its place in the feed: pass it as `after` to read what came next.
    pub cursor: String,
    pub record_kind: RecordKind,
    /// The record the change was made to (after a merge, the duplicate's own id: its record
    /// now answers 301 to the survivor).
    pub record_id: String,
    #[serde(flatten)]
    pub change: Change,
}

/// A page of the feed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeedPage {
    /// In commit order.
    pub changes: Vec<FeedChange>,
    /// Where the next page starts: the last change's cursor, or the `after` asked for when the
    /// page is empty; none while the feed has no change at all.
    pub next: Option<String>,
    /// The newest change's cursor when the page was read (a mirror reads it before copying the
    /// lists, then follows the feed from it).
    pub head: Option<String>,
}

#[derive(Deserialize)]
struct Stored {
    seq: i64,
    record_id: String,
    record_kind: RecordKind,
    #[serde(flatten)]
    change: StoredChange,
}

#[derive(Deserialize)]
struct Read {
    epoch: Option<String>,
    head: i64,
    changes: Vec<Stored>,
}

/// Which changes a reader keeps: of these record kinds (all when empty), about this chain, in
/// this region or below, about organisations this member organisation owns.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub kinds: Vec<RecordKind>,
    pub chain: Option<ChainId>,
    pub region: Option<RegionCode>,
    pub owner: Option<String>,
}

/// The changes after `after` (from the feed's start when none) that `filter` keeps, at most
/// `limit`. A cursor of another feed — the database was reset or replaced — or past the
/// newest change — it was restored from an older backup — is gone: the caller starts again.
pub async fn read(
    db: &Db,
    after: Option<&FeedCursor>,
    filter: &Filter,
    limit: usize,
) -> Result<FeedPage, Error> {
    let kinds: Option<Vec<&str>> =
        (!filter.kinds.is_empty()).then(|| filter.kinds.iter().map(|k| k.as_str()).collect());
    let q = query(FEED)
        .param("after", after.map_or(0, |c| c.seq))
        .param("kinds", kinds)
        .param("chain", filter.chain.map(ChainId::as_str))
        .param("region", filter.region.as_ref().map(RegionCode::as_str))
        .param("owner", filter.owner.as_deref())
        .param("limit", limit as i64);
    let rows: Vec<Read> = db
        .each(q, |row| row.to::<Read>().map_err(Into::into))
        .await?;
    let read = rows
        .into_iter()
        .next()
        .ok_or_else(|| Error::Db(crate::db::DbError::Decode("feed: no row".into())))?;
    let cursor = |seq| {
        read.epoch.as_ref().map(|epoch| FeedCursor {
            epoch: epoch.clone(),
            seq,
        })
    };
    if let Some(after) = after {
        let known = read.epoch.as_deref() == Some(after.epoch.as_str()) && after.seq <= read.head;
        if !known {
            return Err(Error::Gone {
                detail: format!(
                    "cursor '{after}' is not a place in this database's change feed (it was \
                     reset, replaced or restored from an older backup): read it again from the \
                     start"
                ),
                oldest: cursor(0).map(|c| c.to_string()),
            });
        }
    }
    let changes: Vec<FeedChange> = read
        .changes
        .into_iter()
        .map(|c| FeedChange {
            cursor: cursor(c.seq).map(|c| c.to_string()).unwrap_or_default(),
            record_kind: c.record_kind,
            record_id: c.record_id,
            change: c.change.into(),
        })
        .collect();
    let next = match changes.last() {
        Some(last) => Some(last.cursor.clone()),
        None => after
            .map(ToString::to_string)
            .or_else(|| cursor(0).map(|c| c.to_string())),
    };
    Ok(FeedPage {
        changes,
        next,
        head: cursor(read.head).map(|c| c.to_string()),
    })
}
