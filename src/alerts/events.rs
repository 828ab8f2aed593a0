//! Events reported on organisations: what happened (a production stop, a relocation, a sanction
//! or export control, an accident), when, how severe, and the report that states it. An event
//! is recorded in the organisation's history and the change feed (action `report`), so the
//! alerter, webhooks and mirrors hear of it; the impact rule then decides whom it disrupts.

use neo4rs::query;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::changelog::{self, Entry};
use crate::db::Db;
use crate::domain::{new_id, OrgId, OrgKind};
use crate::error::{Error, FieldError};
use crate::organisations::store;

const CREATE: &str = include_str!("../../cypher/events/create.cypher");
const LIST: &str = include_str!("../../cypher/events/list.cypher");

crate::domain::coded_enum! {
    /// What happened to an organisation.
    pub enum EventKind: "snake_case" {
        /// 停产: production stopped.
        ProductionStop,
        /// 搬迁: it moves elsewhere.
        Relocation,
        /// 制裁 / export control: others may not trade with it, or it may not export.
        Sanction,
        /// 事故: an accident.
        Accident,
    }
}

crate::domain::coded_enum! {
    /// How much an event disrupts supply.
    pub enum Severity: "snake_case" {
        Low,
        Medium,
        /// It cannot deliver: the impact rule treats it as stopped.
        High,
    }
}

impl EventKind {
    /// Whether the organisation stops delivering, so the impact rule runs from it: a production
    /// stop or a sanction always, an accident or a relocation when severe.
    pub fn stops_supply(self, severity: Severity) -> bool {
        match self {
            EventKind::ProductionStop | EventKind::Sanction => true,
            EventKind::Accident | EventKind::Relocation => severity == Severity::High,
        }
    }
}

/// The report that states an event.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventSource {
    /// The outlet (newspaper, agency, company announcement).
    #[schema(min_length = 1, max_length = 100, example = "河北日报")]
    pub outlet: String,
    #[schema(min_length = 1, max_length = 200, example = "某公司因设备检修停产两周")]
    pub title: String,
    #[schema(
        max_length = 2000,
        pattern = "^[Hh][Tt][Tt][Pp][Ss]?://[!-\"$-.0->A-~]+([/?#][!-~]*)?$",
        example = "https://hbrb.example.cn/2026/12/08/1.html"
    )]
    pub url: Option<String>,
    /// When it was published (YYYY-MM-DD).
    #[schema(
        max_length = 10,
        pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        example = "2026-12-08"
    )]
    pub published_on: Option<String>,
}

/// A new event.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "production_stop", "occurred_on": "2026-12-07",
    "severity": "high", "source": {"outlet": "河北日报", "title": "某公司因设备检修停产两周",
    "url": "https://hbrb.example.cn/2026/12/08/1.html", "published_on": "2026-12-08"},
    "note": "预计停产两周"}))]
pub struct NewEvent {
    pub kind: EventKind,
    /// When it happened (YYYY-MM-DD).
    #[schema(
        max_length = 10,
        pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        example = "2026-12-07"
    )]
    pub occurred_on: String,
    pub severity: Severity,
    pub source: EventSource,
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// An event as reported.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Event {
    pub id: String,
    pub kind: EventKind,
    pub occurred_on: String,
    pub severity: Severity,
    pub source: EventSource,
    pub note: Option<String>,
    /// The member organisation (or `admin`) that reported it.
    pub reported_by_owner: String,
    pub reported_at: String,
}

fn date(field: &str, text: &str) -> Option<FieldError> {
    let ok = text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok();
    (!ok).then(|| FieldError::new(field, "format", "a date, YYYY-MM-DD"))
}

impl NewEvent {
    fn check(&self) -> Result<(), Error> {
        let mut errors: Vec<FieldError> = Vec::new();
        errors.extend(date("occurred_on", &self.occurred_on));
        if let Some(p) = &self.source.published_on {
            errors.extend(date("source.published_on", p));
        }
        let mut length = |field: &str, text: Option<&str>, max: usize| {
            if let Some(t) = text {
                if t.trim().is_empty() && !field.starts_with("note") {
                    errors.push(FieldError::new(field, "required", "must not be blank"));
                }
                if t.chars().count() > max {
                    errors.push(FieldError::new(
                        field,
                        "length",
                        format!("at most {max} characters"),
                    ));
                }
            }
        };
        length("source.outlet", Some(&self.source.outlet), 100);
        length("source.title", Some(&self.source.title), 200);
        length("note", self.note.as_deref(), 500);
        if let Some(url) = &self.source.url {
            if let Err((rule, why)) = crate::validate::http_url_shape(url) {
                let rule = if rule == "scheme" { "format" } else { rule };
                errors.push(FieldError::new("source.url", rule, why));
            }
            if url.len() > 2000 {
                errors.push(FieldError::new(
                    "source.url",
                    "length",
                    "at most 2000 characters",
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(errors))
        }
    }
}

/// Reports an event on enterprise `id`, recorded in its history and the change feed in the same
/// transaction.
pub async fn report(db: &Db, who: &Principal, id: &OrgId, new: NewEvent) -> Result<Event, Error> {
    new.check()?;
    let org = store::get(db, OrgKind::Enterprise, id).await?;
    let event_id = new_id("evt");
    let q = query(CREATE)
        .param("org", org.id.as_str())
        .param("id", event_id.as_str())
        .param("kind", new.kind.as_str())
        .param("occurred_on", new.occurred_on.as_str())
        .param("severity", new.severity.as_str())
        .param("outlet", new.source.outlet.as_str())
        .param("title", new.source.title.as_str())
        .param("url", new.source.url.as_deref())
        .param("published_on", new.source.published_on.as_deref())
        .param("note", new.note.as_deref())
        .param("by_key", who.key_id.as_str())
        .param("by_owner", who.owner());
    let event = Event {
        id: event_id,
        kind: new.kind,
        occurred_on: new.occurred_on,
        severity: new.severity,
        source: new.source,
        note: new.note,
        reported_by_owner: who.owner(),
        reported_at: String::new(),
    };
    let entry = Entry::report(
        &org.id,
        OrgKind::Enterprise.into(),
        &json!({ "event": event }),
    );
    changelog::write_recorded(db, who, entry, vec![q]).await?;
    let reported = events(db, id).await?;
    reported
        .into_iter()
        .find(|e| e.id == event.id)
        .ok_or_else(|| Error::not_found("event", event.id))
}

/// The events reported on an enterprise, the latest first.
pub async fn events(db: &Db, id: &OrgId) -> Result<Vec<Event>, Error> {
    store::get(db, OrgKind::Enterprise, id).await?;
    let q = query(LIST).param("org", id.as_str());
    Ok(db.column(q, "event").await?)
}
