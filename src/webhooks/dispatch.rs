//! Delivering: every `poll_ms` an instance leases the endpoints that have something due
//! (`claim.cypher`) and, one task per endpoint, sends their changes in feed order, one at a
//! time. A change the receiver takes moves the endpoint past it in the same statement that logs
//! it (`delivered.cypher`); one it refuses, or does not answer in time, stops the endpoint until
//! its retry is due, with exponential backoff, and pauses it after `give_up_after_secs`
//! (`failed.cypher`). Nothing is held in memory that a crash could lose: a delivery under way
//! when an instance dies is sent again, with the same `webhook-id`, by whichever instance
//! takes the endpoint once its lease lapses.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use neo4rs::query;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;
use utoipa::ToSchema;

use super::destination::{Destinations, Refusal};
use super::{filter_of, place, sign, FailureKind, WebhookStream};
use crate::alerts::{self, AlertBatch};
use crate::changelog::feed::{self, FeedChange, Filter};
use crate::db::{Db, DbError};
use crate::domain::cursor::FeedCursor;
use crate::domain::{ChainId, RecordKind, RegionCode};
use crate::error::Error;
use crate::settings::WebhookSettings;

const CLAIM: &str = include_str!("../../cypher/webhooks/claim.cypher");
const CLAIM_LEASE: &str = include_str!("../../cypher/webhooks/claim_lease.cypher");
const DELIVERED: &str = include_str!("../../cypher/webhooks/delivered.cypher");
const FAILED: &str = include_str!("../../cypher/webhooks/failed.cypher");
const PAUSE: &str = include_str!("../../cypher/webhooks/pause.cypher");
const RELEASE: &str = include_str!("../../cypher/webhooks/release.cypher");
const PRUNE: &str = include_str!("../../cypher/webhooks/prune.cypher");
const TARGET: &str = include_str!("../../cypher/webhooks/target.cypher");

/// Endpoints one instance takes at one poll.
const CLAIMED_AT_ONCE: i64 = 32;
/// Changes read from the feed at a time for one endpoint.
const BATCH: usize = 100;
/// The delivery log is trimmed to `deliveries_kept` every this many deliveries.
const PRUNE_EVERY: i64 = 100;
/// The longest `last_error` kept: enough to tell what went wrong.
const MAX_ERROR: usize = 500;

crate::domain::coded_enum! {
    /// What a delivery says happened.
    pub enum PayloadType: "snake_case" {
        /// A change was recorded (`data` is the feed's entry for it).
        ChangeRecorded,
        /// A change raised alerts for the endpoint's key (`data.alerts`).
        AlertsRaised,
    }
}

/// The body of every delivery (`application/json`): a change of the feed (`changes`
/// endpoints), or the alerts one change raised for the endpoint's key (`alerts` endpoints).
/// `webhook-id` is the change's cursor either way.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"type": "change_recorded", "timestamp": "2026-11-27T10:05:00Z",
    "data": {"cursor": "3fa9c1d2-1234", "record_kind": "enterprise", "record_id": "ent-hb-001",
    "id": "chg-9b2f4e1a0c3d5e7f", "action": "update", "at": "2026-11-27T10:05:00Z",
    "by_key": "3f9a1c2b7d4e", "by_owner": "tj-robot-alliance",
    "changes": {"scale": {"from": "medium", "to": "large"}}}}))]
pub struct WebhookPayload<'a> {
    #[serde(rename = "type")]
    pub kind: PayloadType,
    /// When the change was recorded.
    pub timestamp: &'a str,
    pub data: PayloadData<'a>,
}

/// What a delivery carries, as its `type` says.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum PayloadData<'a> {
    Change(&'a FeedChange),
    Alerts(&'a AlertBatch),
}

/// One delivery: its place in the feed, what the log says of it, and its body.
#[derive(Debug, Clone)]
pub struct Message {
    pub place: FeedCursor,
    pub record_kind: RecordKind,
    pub record_id: String,
    pub action: crate::changelog::Action,
    body: Vec<u8>,
}

impl Message {
    fn new(change: &FeedChange, kind: PayloadType, data: PayloadData<'_>) -> Result<Self, Error> {
        let payload = WebhookPayload {
            kind,
            timestamp: &change.change.at,
            data,
        };
        let body = serde_json::to_vec(&payload)
            .map_err(|e| Error::Db(DbError::Decode(format!("webhook payload: {e}"))))?;
        Ok(Message {
            place: FeedCursor::parse(&change.cursor)
                .map_err(|e| Error::Db(DbError::Decode(e.message)))?,
            record_kind: change.record_kind,
            record_id: change.record_id.clone(),
            action: change.change.action,
            body,
        })
    }

    /// A change of the feed.
    pub fn change(change: &FeedChange) -> Result<Self, Error> {
        Self::new(
            change,
            PayloadType::ChangeRecorded,
            PayloadData::Change(change),
        )
    }

    /// The alerts one change raised (none is an empty batch: nothing to send).
    pub fn alerts(batch: &AlertBatch) -> Result<Option<Self>, Error> {
        let Some(first) = batch.alerts.first() else {
            return Ok(None);
        };
        let message = Self::new(
            &first.change,
            PayloadType::AlertsRaised,
            PayloadData::Alerts(batch),
        )?;
        Ok(Some(message))
    }

    /// The delivery's `webhook-id`.
    pub fn event_id(&self) -> String {
        self.place.to_string()
    }
}

/// Where a delivery goes, how it is signed, and what it carries.
#[derive(Debug, Clone, Deserialize)]
pub struct Target {
    pub id: String,
    pub url: String,
    secret: SecretString,
    stream: Option<WebhookStream>,
    /// The key that registered it: whose alerts an alerts endpoint receives.
    created_by: String,
}

/// How one attempt ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The receiver answered 2xx with this status.
    Delivered(u16),
    Failed {
        kind: FailureKind,
        status: Option<u16>,
        detail: String,
    },
}

impl Outcome {
    /// The status the receiver answered (if any) and, for a failure, what went wrong.
    pub fn status_and_error(&self) -> (Option<i64>, Option<String>) {
        match self {
            Outcome::Delivered(status) => (Some(i64::from(*status)), None),
            Outcome::Failed { status, detail, .. } => (status.map(i64::from), Some(detail.clone())),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Outcome::Delivered(_) => "delivered",
            Outcome::Failed { kind, .. } => kind.as_str(),
        }
    }
}

/// Sends deliveries: one HTTP client (rustls, no proxy, no redirects, internal addresses
/// dropped at resolution) for the whole instance.
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    destinations: Destinations,
}

impl Sender {
    pub fn new(settings: &WebhookSettings) -> anyhow::Result<Self> {
        let destinations = Destinations::new(settings);
        let timeout = Duration::from_millis(settings.timeout_ms);
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(destinations.resolver()))
            .connect_timeout(timeout)
            .timeout(timeout)
            .user_agent(concat!("ChainAtlas-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Sender {
            client,
            destinations,
        })
    }

    pub fn destinations(&self) -> &Destinations {
        &self.destinations
    }

    /// Sends one message to `target`, signed, and says how it went.
    pub async fn send(&self, target: &Target, message: &Message) -> Outcome {
        let outcome = self.attempt(target, message).await;
        metrics::counter!("chain_atlas_webhook_attempts_total", "outcome" => outcome.name())
            .increment(1);
        outcome
    }

    async fn attempt(&self, target: &Target, message: &Message) -> Outcome {
        // The policy may have changed since the endpoint was registered.
        let url = match self.destinations.parse(&target.url) {
            Ok(url) => url,
            Err(refusal) => return refused(&refusal),
        };
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let id = message.event_id();
        let signature =
            sign::signature(target.secret.expose_secret(), &id, timestamp, &message.body);
        let sent = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(message.body.clone())
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => {
                Outcome::Delivered(response.status().as_u16())
            }
            Ok(response) => {
                let status = response.status();
                Outcome::Failed {
                    kind: FailureKind::Status,
                    status: Some(status.as_u16()),
                    detail: format!("the receiver answered {status}"),
                }
            }
            Err(e) => classify(&e),
        }
    }
}

fn refused(refusal: &Refusal) -> Outcome {
    failed(FailureKind::Refused, None, refusal)
}

fn failed(kind: FailureKind, status: Option<u16>, e: &dyn std::error::Error) -> Outcome {
    let mut detail = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        detail.push_str(": ");
        detail.push_str(&cause.to_string());
        source = cause.source();
    }
    if detail.len() > MAX_ERROR {
        let cut = (0..=MAX_ERROR)
            .rev()
            .find(|&i| detail.is_char_boundary(i))
            .unwrap_or(0);
        detail.truncate(cut);
    }
    Outcome::Failed {
        kind,
        status,
        detail,
    }
}

fn classify(e: &reqwest::Error) -> Outcome {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(cause) = source {
        if let Some(refusal) = cause.downcast_ref::<Refusal>() {
            return refused(refusal);
        }
        source = cause.source();
    }
    let kind = if e.is_timeout() {
        FailureKind::Timeout
    } else if e.is_connect() {
        FailureKind::Connect
    } else {
        FailureKind::Other
    };
    failed(kind, None, e)
}

/// An endpoint as a claim hands it over.
#[derive(Debug, Deserialize)]
struct Claimed {
    id: String,
    url: String,
    secret: SecretString,
    stream: Option<WebhookStream>,
    created_by: String,
    kinds: Option<Vec<RecordKind>>,
    chain: Option<ChainId>,
    region: Option<RegionCode>,
    owner: String,
    epoch: Option<String>,
    after: i64,
    attempts: i64,
}

/// The wait before retry number `attempt` (1 for the first): `first`, doubled each time, at
/// most `max`.
pub fn backoff(attempt: i64, first: Duration, max: Duration) -> Duration {
    let doublings = attempt.clamp(1, 32) as u32 - 1;
    first
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(max)
}

/// Where an endpoint of `owner`'s (any when `None`) is, for sending it something by hand.
pub async fn target(db: &Db, owner: Option<&str>, id: &str) -> Result<Target, Error> {
    let q = query(TARGET).param("id", id).param("owner", owner);
    let found: Vec<Target> = db.column(q, "target").await?;
    found
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found("webhook", id))
}

/// What is due to an endpoint.
struct Due {
    messages: Vec<Message>,
    /// How far the source was read: an endpoint with nothing due moves on to it.
    head: Option<FeedCursor>,
}

/// The alerts raised for `key_id` after `after`, a change at a time.
async fn alert_messages(db: &Db, key_id: &str, after: Option<&FeedCursor>) -> Result<Due, Error> {
    let Some(raised) = alerts::raised_after(db, key_id, after.map_or(0, |a| a.seq), BATCH).await?
    else {
        return Ok(Due {
            messages: Vec::new(),
            head: None,
        });
    };
    let Some(epoch) = raised.epoch else {
        return Ok(Due {
            messages: Vec::new(),
            head: None,
        });
    };
    if after.is_some_and(|a| a.epoch != epoch) {
        return Err(Error::Gone {
            detail: "the endpoint's place is in another feed".into(),
            oldest: None,
        });
    }
    let mut messages = Vec::with_capacity(raised.batches.len());
    for batch in &raised.batches {
        messages.extend(Message::alerts(batch)?);
    }
    Ok(Due {
        messages,
        head: Some(FeedCursor {
            epoch,
            seq: raised.head,
        }),
    })
}

/// The message an endpoint's log entry `event` delivered, for sending it again.
pub async fn logged_message(
    db: &Db,
    target: &Target,
    event: &FeedCursor,
) -> Result<Option<Message>, Error> {
    let before = FeedCursor {
        epoch: event.epoch.clone(),
        seq: event.seq - 1,
    };
    let due = match target.stream.unwrap_or(WebhookStream::Changes) {
        WebhookStream::Changes => {
            let page = feed::read(db, Some(&before), &Filter::default(), 1).await?;
            let messages = page
                .changes
                .iter()
                .map(Message::change)
                .collect::<Result<_, _>>()?;
            Due {
                messages,
                head: None,
            }
        }
        WebhookStream::Alerts => alert_messages(db, &target.created_by, Some(&before)).await?,
    };
    Ok(due.messages.into_iter().find(|m| m.place == *event))
}

/// One instance's deliverer.
pub struct Dispatcher {
    db: Db,
    settings: WebhookSettings,
    sender: Sender,
    /// This instance, as the holder of the endpoints it leases.
    holder: String,
    /// Endpoints this instance is delivering to now.
    busy: Mutex<HashSet<String>>,
}

impl Dispatcher {
    pub fn new(db: Db, settings: WebhookSettings, sender: Sender) -> Arc<Self> {
        Arc::new(Dispatcher {
            db,
            settings,
            sender,
            holder: uuid::Uuid::new_v4().to_string(),
            busy: Mutex::new(HashSet::new()),
        })
    }

    /// Delivers until the returned task is aborted (which ends every delivery under way), once
    /// `ready` says the database is set up.
    pub fn start(
        self: Arc<Self>,
        ready: impl Fn() -> bool + Send + 'static,
    ) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut running = JoinSet::new();
            let mut tick = tokio::time::interval(Duration::from_millis(self.settings.poll_ms));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                while running.try_join_next().is_some() {}
                if !ready() {
                    continue;
                }
                match self.claim().await {
                    Ok(claimed) => {
                        for endpoint in claimed {
                            let me = self.clone();
                            running.spawn(async move { me.drain(endpoint).await });
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "looking for webhooks to deliver failed"),
                }
            }
        })
    }

    fn busy(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.busy
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn claim(&self) -> Result<Vec<Claimed>, DbError> {
        let busy: Vec<String> = self.busy().iter().cloned().collect();
        let lock = query(CLAIM)
            .param("holder", self.holder.as_str())
            .param("busy", busy)
            .param("max", CLAIMED_AT_ONCE);
        let (holder, lease_ms) = (self.holder.clone(), self.settings.lease_ms as i64);
        let claimed: Vec<Claimed> = self
            .db
            .in_transaction(move |tx| {
                Box::pin(async move {
                    let ids: Vec<String> = tx.column(lock, "id").await?;
                    if ids.is_empty() {
                        return Ok(Vec::new());
                    }
                    let lease = query(CLAIM_LEASE)
                        .param("ids", ids)
                        .param("holder", holder.as_str())
                        .param("lease_ms", lease_ms);
                    tx.column(lease, "webhook").await
                })
            })
            .await?;
        self.busy().extend(claimed.iter().map(|c| c.id.clone()));
        Ok(claimed)
    }

    /// Delivers what is due to one claimed endpoint, then lets it go.
    async fn drain(self: Arc<Self>, endpoint: Claimed) {
        let id = endpoint.id.clone();
        if let Err(e) = self.deliver_due(endpoint).await {
            tracing::warn!(webhook = %id, error = %e, "delivering a webhook stopped");
            // The lease lapses by itself; letting it go now only spares the wait.
            let _ = self.release(&id, None).await;
        }
        self.busy().remove(&id);
    }

    async fn deliver_due(&self, endpoint: Claimed) -> Result<(), Error> {
        let filter = filter_of(
            endpoint.kinds.unwrap_or_default(),
            endpoint.chain,
            endpoint.region,
            &endpoint.owner,
        );
        let target = Target {
            id: endpoint.id,
            url: endpoint.url,
            secret: endpoint.secret,
            stream: endpoint.stream,
            created_by: endpoint.created_by,
        };
        let mut after = place(endpoint.epoch, endpoint.after);
        let mut attempts = endpoint.attempts;
        loop {
            let page = match self.due(&target, &filter, after.as_ref()).await {
                Ok(page) => page,
                Err(Error::Gone { .. }) => return self.pause_reset(&target.id).await,
                Err(e) => return Err(e),
            };
            if page.messages.is_empty() {
                // Nothing for this endpoint up to the head the page was read at.
                return self.release(&target.id, page.head.as_ref()).await;
            }
            for message in &page.messages {
                let outcome = self.sender.send(&target, message).await;
                if !self.note(&target.id, message, &outcome, attempts).await? {
                    return Ok(());
                }
                after = Some(message.place.clone());
                attempts = 0;
            }
        }
    }

    /// What is due to an endpoint after `after`, and how far that was read.
    async fn due(
        &self,
        target: &Target,
        filter: &Filter,
        after: Option<&FeedCursor>,
    ) -> Result<Due, Error> {
        match target.stream.unwrap_or(WebhookStream::Changes) {
            WebhookStream::Changes => {
                let page = feed::read(&self.db, after, filter, BATCH).await?;
                // Every change up to the head had committed when the page was read: places
                // are given in commit order.
                let head = page.head.as_deref().and_then(|h| FeedCursor::parse(h).ok());
                let messages = page
                    .changes
                    .iter()
                    .map(Message::change)
                    .collect::<Result<_, _>>()?;
                Ok(Due { messages, head })
            }
            WebhookStream::Alerts => alert_messages(&self.db, &target.created_by, after).await,
        }
    }

    /// Records how an attempt went; whether to go on with the next change (it was delivered and
    /// this instance still holds the endpoint).
    async fn note(
        &self,
        id: &str,
        message: &Message,
        outcome: &Outcome,
        attempts_before: i64,
    ) -> Result<bool, Error> {
        let (status, error) = outcome.status_and_error();
        let common = |statement: &str| {
            query(statement)
                .param("id", id)
                .param("holder", self.holder.as_str())
                .param("seq", message.place.seq)
                .param("event_id", message.event_id())
                .param("record_kind", message.record_kind.as_str())
                .param("record_id", message.record_id.as_str())
                .param("action", message.action.as_str())
                .param("status", status)
        };
        match outcome {
            Outcome::Delivered(_) => {
                let q = common(DELIVERED)
                    .param("epoch", message.place.epoch.as_str())
                    .param("lease_ms", self.settings.lease_ms as i64);
                let delivered: Vec<i64> = self.db.write_column(q, "delivered").await?;
                let Some(count) = delivered.first() else {
                    return Ok(false);
                };
                if count % PRUNE_EVERY == 0 {
                    let kept = self.settings.deliveries_kept as i64;
                    let q = query(PRUNE).param("id", id).param("kept", kept);
                    self.db.write_column::<i64>(q, "pruned").await?;
                }
                Ok(true)
            }
            Outcome::Failed { kind, .. } => {
                let retry = backoff(
                    attempts_before + 1,
                    Duration::from_millis(self.settings.first_retry_ms),
                    Duration::from_millis(self.settings.max_retry_ms),
                );
                let q = common(FAILED)
                    .param("error", error)
                    .param("failure", kind.as_str())
                    .param("retry_ms", retry.as_millis() as i64)
                    .param("give_up_secs", self.settings.give_up_after_secs as i64);
                let gave_up: Vec<bool> = self.db.write_column(q, "gave_up").await?;
                if gave_up.first() == Some(&true) {
                    tracing::warn!(
                        webhook = id,
                        "a delivery kept failing: the webhook is paused"
                    );
                }
                Ok(false)
            }
        }
    }

    async fn pause_reset(&self, id: &str) -> Result<(), Error> {
        tracing::warn!(
            webhook = id,
            "the webhook's place is not in this feed: paused"
        );
        let q = query(PAUSE)
            .param("id", id)
            .param("holder", self.holder.as_str())
            .param("reason", super::PauseReason::FeedReset.as_str());
        Ok(self.db.write_all(vec![q]).await?)
    }

    /// Lets the endpoint go, moved on to `head` when nothing up to it was for it.
    async fn release(&self, id: &str, head: Option<&FeedCursor>) -> Result<(), Error> {
        let q = query(RELEASE)
            .param("id", id)
            .param("holder", self.holder.as_str())
            .param("epoch", head.map(|h| h.epoch.as_str()))
            .param("after", head.map_or(0, |h| h.seq));
        Ok(self.db.write_all(vec![q]).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_the_cap() {
        let (first, max) = (Duration::from_secs(5), Duration::from_secs(3600));
        let waits: Vec<u64> = (1..=12).map(|a| backoff(a, first, max).as_secs()).collect();
        assert_eq!(
            waits,
            [5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]
        );
        assert_eq!(backoff(1000, first, max), max);
    }
}
