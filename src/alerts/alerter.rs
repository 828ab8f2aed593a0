//! The alerter: one instance at a time (a lease on `(:AlertFeed)`) follows the change feed a
//! batch at a time and raises the alerts each change calls for, then moves its place past the
//! batch in the same transaction — so an alert is raised once per watch and change, and a
//! crash only means the batch is looked at again (alerts are merged on their id).

use std::time::Duration;

use neo4rs::query;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::events::{EventKind, Severity};
use crate::changelog::Action;
use crate::db::{to_bolt, Db};
use crate::domain::{OrgId, RecordKind};
use crate::error::Error;
use crate::queries::paths::HopBound;
use crate::settings::AlertSettings;

const CLAIM: &str = include_str!("../../cypher/alerts/claim.cypher");
const BATCH: &str = include_str!("../../cypher/alerts/batch.cypher");
const RAISE: &str = include_str!("../../cypher/alerts/raise.cypher");
const DISRUPTED: &str = include_str!("../../cypher/alerts/disrupted.cypher");
const ADVANCE: &str = include_str!("../../cypher/alerts/advance.cypher");

/// Changes looked at in one transaction.
const BATCH_SIZE: i64 = 200;
/// Supply tiers the impact of an event is followed through.
const IMPACT_DEPTH: u8 = 3;

/// A change as the alerter reads it.
#[derive(Debug, Deserialize)]
struct Read {
    seq: i64,
    target_id: String,
    target_kind: RecordKind,
    action: Action,
    by_key: String,
    changes: String,
    about: Vec<String>,
    chains: Vec<String>,
    links: Vec<String>,
    regions: Vec<String>,
}

/// A change as `raise.cypher` takes it.
#[derive(Debug, Serialize)]
struct Raise {
    seq: i64,
    target_id: String,
    by_key: String,
    about: Vec<String>,
    chains: Vec<String>,
    links: Vec<String>,
    regions: Vec<String>,
    /// Whether it can cut the supply of the organisation's customers.
    upstream: bool,
}

/// A firm an event disrupts, with the path it reaches it by.
#[derive(Debug, Serialize)]
struct Disrupted {
    seq: i64,
    by_key: String,
    firm: String,
    path: Vec<String>,
}

/// Whether an event reported on an organisation stops its supply (`EventKind::stops_supply`).
fn stopping_event(changes: &Value) -> bool {
    let event = &changes["event"];
    let kind = event["kind"].as_str().and_then(EventKind::parse);
    let severity = event["severity"].as_str().and_then(Severity::parse);
    matches!((kind, severity), (Some(k), Some(s)) if k.stops_supply(s))
}

/// Whether a change to an organisation can cut its customers' supply: it was rejected, moved
/// region, lost its verification, or had an event reported.
fn cuts_supply(read: &Read, changes: &Value) -> bool {
    if read.target_kind == RecordKind::Relationship {
        return false;
    }
    match read.action {
        Action::Reject | Action::Report => true,
        Action::Update => {
            changes.get("region_code").is_some()
                || changes
                    .get("verified")
                    .and_then(|v| v.get("to"))
                    .and_then(Value::as_bool)
                    == Some(false)
        }
        _ => false,
    }
}

pub struct Alerter {
    db: Db,
    settings: AlertSettings,
    max_affected: usize,
    disruption_share: f64,
    holder: String,
}

impl Alerter {
    pub fn new(db: Db, settings: AlertSettings, max_affected: usize, share: f64) -> Self {
        Alerter {
            db,
            settings,
            max_affected,
            disruption_share: share,
            holder: uuid::Uuid::new_v4().to_string(),
        }
    }

    /// Raises alerts until the returned task is aborted, once `ready` says the database is set
    /// up.
    pub fn start(self, ready: impl Fn() -> bool + Send + 'static) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(self.settings.poll_ms));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if !ready() {
                    continue;
                }
                if let Err(e) = self.catch_up().await {
                    tracing::warn!(error = %e, "raising alerts failed; trying again");
                }
            }
        })
    }

    /// Raises the alerts of every change not yet looked at, if this instance holds the alerter.
    async fn catch_up(&self) -> Result<(), Error> {
        loop {
            let q = query(CLAIM)
                .param("holder", self.holder.as_str())
                .param("lease_ms", self.settings.lease_ms as i64);
            #[derive(Deserialize)]
            struct Place {
                after: i64,
                head: i64,
            }
            let place: Vec<Place> = self.db.write_column(q, "place").await?;
            let Some(place) = place.into_iter().next() else {
                return Ok(());
            };
            if place.after >= place.head {
                return Ok(());
            }
            let upto = place.head.min(place.after + BATCH_SIZE);
            self.raise(place.after, upto).await?;
        }
    }

    async fn raise(&self, after: i64, upto: i64) -> Result<(), Error> {
        let q = query(BATCH).param("after", after).param("upto", upto);
        let changes: Vec<Read> = self.db.column(q, "change").await?;
        // Events run the impact rule, up to a second each at the region's size: a batch stops
        // well inside the lease, and the rest waits for the next.
        let budget = Duration::from_millis(self.settings.lease_ms / 3);
        let started = std::time::Instant::now();
        let mut upto = upto;
        let mut raise = Vec::with_capacity(changes.len());
        let mut disrupted = Vec::new();
        for read in changes {
            if started.elapsed() > budget && !raise.is_empty() {
                upto = read.seq - 1;
                break;
            }
            let parsed: Value = serde_json::from_str(&read.changes).unwrap_or(Value::Null);
            if read.action == Action::Report && stopping_event(&parsed) {
                disrupted.extend(self.disrupted(&read).await?);
            }
            raise.push(Raise {
                upstream: cuts_supply(&read, &parsed),
                seq: read.seq,
                target_id: read.target_id,
                by_key: read.by_key,
                about: read.about,
                chains: read.chains,
                links: read.links,
                regions: read.regions,
            });
        }
        let advance = query(ADVANCE)
            .param("holder", self.holder.as_str())
            .param("upto", upto)
            .param("lease_ms", self.settings.lease_ms as i64);
        let statements = vec![
            query(RAISE).param("changes", to_bolt(&raise)?),
            query(DISRUPTED).param("disrupted", to_bolt(&disrupted)?),
        ];
        // The place moves first, while this instance still holds the alerter; if another took
        // it meanwhile, nothing of the batch is written (that instance raises it).
        self.db
            .in_transaction(move |tx| {
                Box::pin(async move {
                    let held: Vec<i64> = tx.column(advance, "after").await?;
                    if held.is_empty() {
                        return Err(Error::Conflict {
                            detail: "another instance took the alerter over".into(),
                            existing_id: None,
                        });
                    }
                    for statement in statements {
                        tx.run(statement).await?;
                    }
                    Ok(())
                })
            })
            .await?;
        metrics::counter!("chain_atlas_alert_changes_total").increment((upto - after) as u64);
        Ok(())
    }

    /// The firms an event's organisation disrupts by the impact rule.
    async fn disrupted(&self, read: &Read) -> Result<Vec<Disrupted>, Error> {
        let Ok(id) = OrgId::parse(&read.target_id) else {
            return Ok(Vec::new());
        };
        let depth = HopBound::new(IMPACT_DEPTH, "depth")?;
        let reached = crate::queries::impact::disrupted_by(
            &self.db,
            &id,
            depth,
            self.max_affected,
            self.disruption_share,
        )
        .await;
        let firms = match reached {
            Ok(firms) => firms,
            // The organisation was deleted since: nobody is disrupted by it any more.
            Err(Error::NotFound { .. }) => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        Ok(firms
            .into_iter()
            .map(|(firm, path)| Disrupted {
                seq: read.seq,
                by_key: read.by_key.clone(),
                firm,
                path,
            })
            .collect())
    }
}
