//! Webhooks: endpoints registered by admins (and by members, for the organisations they own)
//! that receive the change feed as it grows, one signed POST per change (`sign`), in feed order,
//! retried until the receiver takes it (`dispatch`). Each endpoint's place in the feed and its
//! delivery log are kept in the database, so any instance may deliver and a restart loses
//! nothing.

pub mod destination;
pub mod dispatch;
pub mod sign;

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::audit::{self, Actor, AuditAction};
use crate::auth::{Principal, Role, CURATED_OWNER};
use crate::changelog::feed::{self, Filter};
use crate::db::{Db, DbError};
use crate::domain::cursor::FeedCursor;
use crate::domain::{new_id, ChainId, RecordKind, RegionCode};
use crate::error::Error;

const CREATE: &str = include_str!("../../cypher/webhooks/create.cypher");
const LIST: &str = include_str!("../../cypher/webhooks/list.cypher");
const DELETE: &str = include_str!("../../cypher/webhooks/delete.cypher");
const RESUME: &str = include_str!("../../cypher/webhooks/resume.cypher");
const DELIVERIES: &str = include_str!("../../cypher/webhooks/deliveries.cypher");
const REDELIVERED: &str = include_str!("../../cypher/webhooks/redelivered.cypher");

/// The longest endpoint address accepted.
pub const MAX_URL: usize = 2000;
/// The longest description accepted, in characters.
pub const MAX_DESCRIPTION: usize = 200;

crate::domain::coded_enum! {
    /// What an endpoint receives.
    pub enum WebhookStream: "snake_case" {
        /// Every change of the feed its filters keep, one per delivery.
        Changes,
        /// The alerts raised for the key that registered it (its watches), the alerts of one
        /// change per delivery.
        Alerts,
    }
}

crate::domain::coded_enum! {
    /// Whether an endpoint receives deliveries.
    pub enum WebhookState: "snake_case" {
        Active,
        /// Nothing is delivered until an admin (or its member) resumes it (`paused_reason`).
        Paused,
    }
}

crate::domain::coded_enum! {
    /// Why an endpoint stopped.
    pub enum PauseReason: "snake_case" {
        /// A delivery kept failing for `webhooks.give_up_after_secs` (three days by default).
        GaveUp,
        /// Its place is in a change feed this database no longer has (reset, replaced or
        /// restored from an older backup): delete it and register it again.
        FeedReset,
    }
}

crate::domain::coded_enum! {
    /// Where one change's delivery to one endpoint stands.
    pub enum DeliveryStatus: "snake_case" {
        /// The receiver answered 2xx.
        Delivered,
        /// It failed and will be tried again (`next_attempt_at` on the endpoint).
        Retrying,
        /// It failed until the endpoint gave up and paused.
        Failed,
    }
}

crate::domain::coded_enum! {
    /// How a delivery failed.
    pub enum FailureKind: "snake_case" {
        /// The receiver answered, but not 2xx (`last_status`).
        Status,
        /// No answer within `webhooks.timeout_ms`.
        Timeout,
        /// No connection (refused, unreachable, TLS).
        Connect,
        /// The address is not one webhooks may reach (internal, or not on the allowed hosts).
        Refused,
        /// Anything else on the way (`last_error` says what).
        Other,
    }
}

/// A registered endpoint. Its secret is shown once, when it is registered.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "whk-4b1e9c2a7d3f5e60", "url": "https://hooks.example.com/chain-atlas",
    "description": "招商平台 mirror", "stream": "changes", "kinds": ["enterprise"],
    "chain": "hydrogen", "region": "130000", "owner": "admin", "state": "active", "paused_reason": null,
    "after": "3fa9c1d2-1234", "delivered": 1234, "attempts": 0,
    "failing_since": null, "next_attempt_at": null, "last_failure": null, "last_status": 204,
    "last_error": null, "created_at": "2026-12-08T02:00:00Z"}))]
pub struct Webhook {
    pub id: String,
    pub url: String,
    pub description: Option<String>,
    pub stream: WebhookStream,
    /// Record kinds delivered (all when empty).
    pub kinds: Vec<RecordKind>,
    /// Only changes about this chain.
    pub chain: Option<ChainId>,
    /// Only changes about this region or below.
    #[schema(value_type = Option<crate::domain::RegionCode>, example = "130000")]
    pub region: Option<RegionCode>,
    /// The member organisation that registered it (it receives the changes about the
    /// organisations it owns), or `admin` (every change its filters keep).
    pub owner: String,
    pub state: WebhookState,
    pub paused_reason: Option<PauseReason>,
    /// Deliveries go on after this feed cursor: the last change the receiver took, or where
    /// the endpoint started (none when the feed had no change yet).
    pub after: Option<String>,
    /// Changes delivered so far.
    pub delivered: i64,
    /// Failed attempts at the next change since the last delivery.
    pub attempts: i64,
    pub failing_since: Option<String>,
    pub next_attempt_at: Option<String>,
    pub last_failure: Option<FailureKind>,
    /// The HTTP status the receiver last answered.
    pub last_status: Option<u16>,
    /// What went wrong on the last failed attempt, for the receiver's operator.
    pub last_error: Option<String>,
    pub created_at: String,
}

/// An endpoint as `(:Webhook)` keeps it.
#[derive(Debug, Deserialize)]
struct StoredWebhook {
    id: String,
    url: String,
    description: Option<String>,
    stream: Option<WebhookStream>,
    kinds: Option<Vec<RecordKind>>,
    chain: Option<ChainId>,
    region: Option<RegionCode>,
    owner: String,
    state: WebhookState,
    paused_reason: Option<PauseReason>,
    epoch: Option<String>,
    after: i64,
    delivered: i64,
    attempts: i64,
    failing_since: Option<String>,
    next_attempt_at: Option<String>,
    last_failure: Option<FailureKind>,
    last_status: Option<i64>,
    last_error: Option<String>,
    created_at: String,
}

impl From<StoredWebhook> for Webhook {
    fn from(w: StoredWebhook) -> Self {
        let after = place(w.epoch, w.after).map(|c| c.to_string());
        Webhook {
            id: w.id,
            url: w.url,
            description: w.description,
            stream: w.stream.unwrap_or(WebhookStream::Changes),
            kinds: w.kinds.unwrap_or_default(),
            chain: w.chain,
            region: w.region,
            owner: w.owner,
            state: w.state,
            paused_reason: w.paused_reason,
            after,
            delivered: w.delivered,
            attempts: w.attempts,
            failing_since: w.failing_since,
            next_attempt_at: w.next_attempt_at,
            last_failure: w.last_failure,
            last_status: w.last_status.and_then(|s| u16::try_from(s).ok()),
            last_error: w.last_error,
            created_at: w.created_at,
        }
    }
}

/// The place after which an endpoint delivers: none before anything was delivered from a feed
/// that had no change yet.
fn place(epoch: Option<String>, after: i64) -> Option<FeedCursor> {
    epoch.map(|epoch| FeedCursor { epoch, seq: after })
}

/// Which changes an endpoint of `owner` with these filters receives.
fn filter_of(
    kinds: Vec<RecordKind>,
    chain: Option<ChainId>,
    region: Option<RegionCode>,
    owner: &str,
) -> Filter {
    Filter {
        kinds,
        chain,
        region,
        owner: (owner != CURATED_OWNER).then(|| owner.to_owned()),
    }
}

/// A new endpoint.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://hooks.example.com/chain-atlas",
    "description": "招商平台 mirror", "kinds": ["enterprise"], "chain": "hydrogen",
    "region": "130000"}))]
pub struct NewWebhook {
    /// `https://` (or `http://`) address that takes a POST per change; no user or password in
    /// it. It must resolve to public addresses only (and be on `webhooks.allowed_hosts` when
    /// the deployment names some).
    #[schema(
        max_length = 2000,
        pattern = "^[Hh][Tt][Tt][Pp][Ss]?://[!-\"$-.0->A-~]+([/?#][!-~]*)?$",
        example = "https://hooks.example.com/chain-atlas"
    )]
    pub url: String,
    #[schema(max_length = 200)]
    pub description: Option<String>,
    /// `changes` (default): the change feed, filtered as below; `alerts`: the alerts raised for
    /// the key registering it (no filters: its watches say what it hears of).
    pub stream: Option<WebhookStream>,
    /// Record kinds to deliver (default: all).
    #[schema(max_items = 3)]
    pub kinds: Option<Vec<RecordKind>>,
    /// Only changes about this chain (as the feed's `chain`).
    pub chain: Option<ChainId>,
    /// Only changes about this region or below (as the feed's `region`).
    #[schema(value_type = Option<crate::domain::RegionCode>, example = "130000")]
    pub region: Option<RegionCode>,
    /// Deliver the changes after this feed cursor (to catch up from a place a mirror reached);
    /// default: from now on.
    #[schema(
        example = "3fa9c1d2-1234",
        pattern = "^[0-9a-f]{8}-[0-9]{1,18}$",
        max_length = 27
    )]
    pub after: Option<String>,
}

impl NewWebhook {
    /// The rules a body can break on its own (the address's host is checked by
    /// `destination::Destinations::check`).
    pub fn check(&self) -> Result<Option<FeedCursor>, Error> {
        if self.stream == Some(WebhookStream::Alerts) {
            let filters = [
                ("kinds", self.kinds.is_some()),
                ("chain", self.chain.is_some()),
                ("region", self.region.is_some()),
            ];
            if let Some((field, _)) = filters.iter().find(|(_, given)| *given) {
                return Err(Error::invalid(
                    field,
                    "not_applicable",
                    "an alerts webhook has no filters: what its key watches decides",
                ));
            }
        }
        if let Some(d) = &self.description {
            if d.chars().count() > MAX_DESCRIPTION {
                return Err(Error::invalid(
                    "description",
                    "length",
                    format!("at most {MAX_DESCRIPTION} characters"),
                ));
            }
        }
        self.after
            .as_deref()
            .map(FeedCursor::parse)
            .transpose()
            .map_err(|e| Error::invalid("after", e.rule, e.message))
    }
}

/// Whose endpoints a caller sees and manages: an admin every one (`None`), a member those of
/// its organisation; readers none.
pub fn scope_of(who: &Principal) -> Result<Option<&str>, Error> {
    match who.role {
        Role::Admin => Ok(None),
        Role::Member => who.member_org.as_deref().map(Some).ok_or_else(|| {
            Error::Forbidden("a member key without its organisation manages no webhooks".into())
        }),
        Role::Reader => Err(Error::Forbidden(
            "a reader key cannot manage webhooks".into(),
        )),
    }
}

/// Registers an endpoint for `who` and returns it with its signing secret (shown this once).
pub async fn create(
    db: &Db,
    who: &Principal,
    actor: &Actor,
    url: &str,
    body: NewWebhook,
    after: Option<FeedCursor>,
) -> Result<(Webhook, String), Error> {
    let owner = who.owner();
    let kinds = body.kinds.unwrap_or_default();
    let filter = filter_of(kinds.clone(), body.chain, body.region.clone(), &owner);
    // The feed itself says whether `after` is a place in it, and where it stands now.
    let start = match feed::read(db, after.as_ref(), &filter, 0).await {
        Ok(page) => match after {
            Some(after) => Some(after),
            None => page
                .head
                .as_deref()
                .map(FeedCursor::parse)
                .transpose()
                .map_err(|e| Error::Db(DbError::Decode(format!("feed head: {}", e.message))))?,
        },
        Err(Error::Gone { .. }) => {
            return Err(Error::invalid(
                "after",
                "unknown",
                "not a place in this database's change feed; leave it out to start from now",
            ))
        }
        Err(e) => return Err(e),
    };
    let id = new_id("whk");
    let secret = sign::new_secret();
    let kinds: Option<Vec<&str>> =
        (!kinds.is_empty()).then(|| kinds.iter().map(|k| k.as_str()).collect());
    let q = query(CREATE)
        .param("id", id.as_str())
        .param("url", url)
        .param("description", body.description.as_deref())
        .param(
            "stream",
            body.stream.unwrap_or(WebhookStream::Changes).as_str(),
        )
        .param("kinds", kinds)
        .param("chain", body.chain.map(ChainId::as_str))
        .param("region", body.region.as_ref().map(RegionCode::as_str))
        .param("owner", owner.as_str())
        .param("secret", secret.as_str())
        .param("epoch", start.as_ref().map(|c| c.epoch.as_str()))
        .param("after", start.as_ref().map_or(0, |c| c.seq))
        .param("by_key", who.key_id.as_str());
    // The audit log names where deliveries go, not the address's path or query (a receiver's
    // token may be in it).
    let place = reqwest::Url::parse(url)
        .ok()
        .map(|u| format!("{}://{}", u.scheme(), u.host_str().unwrap_or_default()))
        .unwrap_or_default();
    let audit = audit::event(AuditAction::WebhookCreated, actor, Some(&id), Some(&place))?;
    db.in_transaction(move |tx| {
        Box::pin(async move {
            tx.run(q).await?;
            tx.run(audit).await
        })
    })
    .await?;
    let created = get(db, None, &id).await?;
    Ok((created, secret))
}

/// The endpoints `owner` registered (every one when `None`), oldest first.
pub async fn list(db: &Db, owner: Option<&str>) -> Result<Vec<Webhook>, Error> {
    let q = query(LIST)
        .param("owner", owner)
        .param("id", None::<String>);
    let stored: Vec<StoredWebhook> = db.column(q, "webhook").await?;
    Ok(stored.into_iter().map(Webhook::from).collect())
}

/// One endpoint of `owner`'s (any when `None`); another's is not found.
pub async fn get(db: &Db, owner: Option<&str>, id: &str) -> Result<Webhook, Error> {
    let q = query(LIST).param("owner", owner).param("id", id);
    let stored: Vec<StoredWebhook> = db.column(q, "webhook").await?;
    stored
        .into_iter()
        .next()
        .map(Webhook::from)
        .ok_or_else(|| Error::not_found("webhook", id))
}

/// Removes an endpoint and its delivery log; nothing more is delivered to it.
pub async fn delete(db: &Db, owner: Option<&str>, actor: &Actor, id: &str) -> Result<(), Error> {
    let q = query(DELETE).param("id", id).param("owner", owner);
    let audit = audit::event(AuditAction::WebhookDeleted, actor, Some(id), None)?;
    let deleted: Vec<bool> = db
        .in_transaction(move |tx| {
            Box::pin(async move {
                let deleted: Vec<bool> = tx.column(q, "deleted").await?;
                if !deleted.is_empty() {
                    tx.run(audit).await?;
                }
                Ok::<_, DbError>(deleted)
            })
        })
        .await?;
    if deleted.is_empty() {
        return Err(Error::not_found("webhook", id));
    }
    Ok(())
}

/// Resumes a paused endpoint from the change it stopped at.
pub async fn resume(db: &Db, owner: Option<&str>, id: &str) -> Result<Webhook, Error> {
    let q = query(RESUME).param("id", id).param("owner", owner);
    let resumed: Vec<bool> = db.write_column(q, "resumed").await?;
    if resumed.is_empty() {
        return Err(Error::not_found("webhook", id));
    }
    get(db, owner, id).await
}

/// One change's delivery to one endpoint, as its log keeps it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"event_id": "3fa9c1d2-1234", "record_kind": "enterprise",
    "record_id": "ent-hb-001", "action": "update", "status": "delivered", "attempts": 2,
    "redeliveries": 0, "response_status": 204, "last_error": null,
    "first_attempt_at": "2026-12-08T02:00:00Z", "last_attempt_at": "2026-12-08T02:00:05Z",
    "delivered_at": "2026-12-08T02:00:05Z"}))]
pub struct Delivery {
    /// The change's feed cursor: the `webhook-id` header of every attempt (a receiver keeps it
    /// to take each change once).
    pub event_id: String,
    pub record_kind: RecordKind,
    pub record_id: String,
    pub action: crate::changelog::Action,
    pub status: DeliveryStatus,
    pub attempts: i64,
    /// Times it was sent again by hand.
    pub redeliveries: i64,
    pub response_status: Option<i64>,
    pub last_error: Option<String>,
    pub first_attempt_at: String,
    pub last_attempt_at: String,
    pub delivered_at: Option<String>,
    #[serde(skip_serializing)]
    #[schema(ignore)]
    pub seq: i64,
}

/// The most log entries one page holds.
pub const MAX_LOG_PAGE: usize = 100;

/// A page of an endpoint's delivery log, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryPage {
    pub deliveries: Vec<Delivery>,
    /// Pass as `before` for older entries; none on the last page.
    pub next: Option<String>,
}

/// The log of an endpoint of `owner`'s, newest first, before the delivery `before`.
pub async fn deliveries(
    db: &Db,
    owner: Option<&str>,
    id: &str,
    before: Option<&FeedCursor>,
    limit: usize,
) -> Result<DeliveryPage, Error> {
    get(db, owner, id).await?;
    let q = query(DELIVERIES)
        .param("id", id)
        .param("before", before.map(|c| c.seq))
        .param("limit", limit as i64);
    let deliveries: Vec<Delivery> = db.column(q, "delivery").await?;
    let next = (deliveries.len() == limit)
        .then(|| deliveries.last().map(|d| d.event_id.clone()))
        .flatten();
    Ok(DeliveryPage { deliveries, next })
}

/// The message an endpoint's log entry `event` delivered, for sending it again, with the
/// endpoint's address and secret.
pub async fn logged_message(
    db: &Db,
    owner: Option<&str>,
    id: &str,
    event: &FeedCursor,
) -> Result<(dispatch::Target, dispatch::Message), Error> {
    let target = dispatch::target(db, owner, id).await?;
    let logged = deliveries(db, owner, id, Some(&next_place(event)), 1).await?;
    if logged.deliveries.first().map(|d| d.seq) != Some(event.seq) {
        return Err(Error::not_found("delivery", event.to_string()));
    }
    let message = dispatch::logged_message(db, &target, event).await?;
    let message = message.ok_or_else(|| Error::not_found("delivery", event.to_string()))?;
    Ok((target, message))
}

fn next_place(c: &FeedCursor) -> FeedCursor {
    FeedCursor {
        epoch: c.epoch.clone(),
        seq: c.seq + 1,
    }
}

/// Notes in the log that `event` was sent again by hand, and how the receiver answered.
pub async fn redelivered(
    db: &Db,
    id: &str,
    event: &FeedCursor,
    outcome: &dispatch::Outcome,
) -> Result<Delivery, Error> {
    let (status, error) = outcome.status_and_error();
    let q = query(REDELIVERED)
        .param("id", id)
        .param("seq", event.seq)
        .param("status", status)
        .param("error", error);
    db.write_column::<bool>(q, "done").await?;
    let logged = deliveries(db, None, id, Some(&next_place(event)), 1).await?;
    logged
        .deliveries
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found("delivery", event.to_string()))
}
