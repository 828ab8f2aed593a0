//! Large imports as background jobs: `POST /api/v1/imports` answers 202 with a job, and the job
//! runs here, its state kept in the graph (`(:ImportJob)`) so any instance can report it and it
//! outlives a restart of the one that ran it. A job that stops part-way (an outage, a restart)
//! says so; running the same import again writes the rest.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ImportKind, ImportOptions, ImportReport, Source};
use crate::auth::Principal;
use crate::db::Db;
use crate::domain::new_id;
use crate::error::Error;

const SAVE: &str = include_str!("../../cypher/jobs/save.cypher");
const GET: &str = include_str!("../../cypher/jobs/get.cypher");

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Running,
    /// Written; `report` says what each row did.
    Done,
    /// Invalid rows stopped it before anything was written (`on_error=abort`).
    Refused,
    /// It stopped part-way; `error` says why. Running the same import again writes the rest.
    Failed,
}

/// A background import.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "imp-3c9e1f0a2b4d6e8f", "kind": "relationships",
    "status": "running", "rows_total": 915380, "rows_done": 250000, "report": null,
    "error": null, "created_at": "2026-11-27T10:00:00Z", "finished_at": null}))]
pub struct ImportJob {
    pub id: String,
    pub kind: ImportKind,
    pub status: JobStatus,
    pub rows_total: usize,
    pub rows_done: usize,
    /// Once finished: the report, as a small import answers it.
    pub report: Option<ImportReport>,
    /// Why a failed job stopped.
    pub error: Option<String>,
    pub created_at: Option<String>,
    pub finished_at: Option<String>,
}

/// The job as stored (the report as JSON text).
#[derive(Deserialize)]
struct Stored {
    id: String,
    kind: ImportKind,
    key_id: String,
    owner: String,
    status: JobStatus,
    rows_total: i64,
    rows_done: i64,
    report: Option<String>,
    error: Option<String>,
    created_at: Option<String>,
    finished_at: Option<String>,
}

/// What a save writes.
#[derive(Clone, Copy)]
struct State<'a> {
    status: JobStatus,
    total: usize,
    done: usize,
    report: Option<&'a ImportReport>,
    error: Option<&'a str>,
}

async fn save(
    db: &Db,
    who: &Principal,
    id: &str,
    kind: ImportKind,
    s: State<'_>,
) -> Result<(), Error> {
    let report = s
        .report
        .map(|r| serde_json::to_string(r).unwrap_or_default());
    let q = query(SAVE)
        .param("id", id)
        .param("kind", kind.as_str())
        .param("key_id", who.key_id.as_str())
        .param("owner", who.owner())
        .param("status", crate::db::to_bolt(&s.status)?)
        .param("rows_total", s.total as i64)
        .param("rows_done", s.done as i64)
        .param("report", report)
        .param("error", s.error)
        .param("finished", s.status != JobStatus::Running);
    Ok(db.write_all(vec![q]).await?)
}

/// Starts an import of `source` (`total` rows) in the background and returns its job.
pub async fn start(
    db: &Db,
    who: &Principal,
    kind: ImportKind,
    (source, total): (Source, usize),
    options: ImportOptions,
) -> Result<ImportJob, Error> {
    let id = new_id("imp");
    let running = State {
        status: JobStatus::Running,
        total,
        done: 0,
        report: None,
        error: None,
    };
    save(db, who, &id, kind, running).await?;
    let (db2, who2, id2) = (db.clone(), who.clone(), id.clone());
    tokio::spawn(async move { run(db2, who2, id2, kind, source, options, total).await });
    get(db, who, &id).await
}

async fn run(
    db: Db,
    who: Principal,
    id: String,
    kind: ImportKind,
    source: Source,
    options: ImportOptions,
    total: usize,
) {
    let done = Arc::new(AtomicUsize::new(0));
    let seen = done.clone();
    let progress: super::Progress = Arc::new(move |n, _| seen.store(n, Ordering::Relaxed));
    let ticker = {
        let (db, who, id, done) = (db.clone(), who.clone(), id.clone(), done.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(2)).await;
                let n = done.load(Ordering::Relaxed);
                let state = State {
                    status: JobStatus::Running,
                    total,
                    done: n,
                    report: None,
                    error: None,
                };
                let _ = save(&db, &who, &id, kind, state).await;
            }
        })
    };
    let outcome = super::run(&db, &who, kind, &source, options, progress).await;
    ticker.abort();
    let n = done.load(Ordering::Relaxed);
    let (status, report, error) = match &outcome {
        Ok(r) if r.was_refused() => (JobStatus::Refused, Some(r), None),
        Ok(r) => (JobStatus::Done, Some(r), None),
        Err(e) => (JobStatus::Failed, None, Some(e.to_string())),
    };
    if let Err(e) = &outcome {
        tracing::warn!(job = %id, error = %crate::error::chain(e), "import job failed");
    }
    let state = State {
        status,
        total,
        done: n,
        report,
        error: error.as_deref(),
    };
    // The job's outcome must not be lost to a blip: a few tries.
    for attempt in 1..=5 {
        match save(&db, &who, &id, kind, state).await {
            Ok(()) => return,
            Err(e) if attempt == 5 => {
                tracing::error!(job = %id, error = %crate::error::chain(&e), "job outcome not saved")
            }
            Err(_) => tokio::time::sleep(Duration::from_secs(attempt)).await,
        }
    }
}

/// The job, for the key that started it or an admin.
pub async fn get(db: &Db, who: &Principal, id: &str) -> Result<ImportJob, Error> {
    let found: Vec<Stored> = db.column(query(GET).param("id", id), "job").await?;
    let stored = found
        .into_iter()
        .next()
        .filter(|j| who.may_change(&j.owner) || j.key_id == who.key_id)
        .ok_or_else(|| Error::not_found("import job", id))?;
    Ok(ImportJob {
        id: stored.id,
        kind: stored.kind,
        status: stored.status,
        rows_total: stored.rows_total.max(0) as usize,
        rows_done: stored.rows_done.max(0) as usize,
        report: stored.report.and_then(|r| serde_json::from_str(&r).ok()),
        error: stored.error,
        created_at: stored.created_at,
        finished_at: stored.finished_at,
    })
}
