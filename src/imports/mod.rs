//! Bulk import from CSV, built for files of a million rows. Each kind of file has an
//! [`Importer`]: it plans a chunk of rows against what the database holds (create, update, leave
//! unchanged, reject), and writes a plan. The engine here streams the file through it a chunk at
//! a time, so memory stays bounded and each chunk is its own transaction:
//!
//! 1. **Check** (unless `on_error=skip`): every chunk is planned, nothing written. A dry run
//!    stops here; so does an import with invalid rows (`on_error=abort`): nothing is written.
//! 2. **Write**: every chunk is planned again against the current data and written in one
//!    transaction with its history entries. An import stopped part-way (a kill, an outage) is
//!    resumed by running it again: rows already written report `unchanged`. A chunk whose
//!    write times out or loses the database is planned again (the abandoned transaction may
//!    have committed) and written in halves, a few times, before the import gives up.
//!
//! Enterprises are matched by USCC, R&D sources by name and region, chain-link memberships by
//! enterprise and link, relationships by an id derived from their content.

pub mod csv_rows;
pub mod jobs;
mod matching;
mod memberships;
mod organisations;
mod plan;
#[cfg(test)]
mod properties;
mod region_names;
mod relationships;
pub mod sheet;
mod source;
mod value_names;

use std::collections::HashSet;
use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::Db;
use crate::error::{Error, FieldError};
pub use matching::{MatchedBy, RowMatch};
pub use organisations::{ENTERPRISE_COLUMNS, RD_SOURCE_COLUMNS};
pub use plan::Plan;
pub use relationships::COLUMNS as RELATIONSHIP_COLUMNS;
pub use source::{decode_upload, Source};

crate::domain::coded_enum! {
    /// What the file holds.
    pub enum ImportKind: "snake_case" {
        Enterprises,
        RdSources,
        Relationships,
        /// Chain links enterprises operate in: `enterprise,segment,role,products[,since,until]`.
        Memberships,
    }
}

/// What to do when some rows are invalid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OnError {
    /// Write nothing (the default).
    #[default]
    Abort,
    /// Write the valid rows and report the others.
    Skip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Created,
    Updated,
    Unchanged,
    Rejected,
}

/// The outcome for one row (for a dry run or an aborted import: what would have happened).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RowReport {
    /// Position in the file (the header is 1).
    pub line: usize,
    pub status: RowStatus,
    /// The record's id (not for rejected rows that name no existing record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The record a row without its key (USCC, id) was tied to, and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched: Option<RowMatch>,
    /// For a row that was reconciled and not tied: the records it may be, best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<crate::reconcile::ReconcileCandidate>,
}

impl RowReport {
    pub fn new(
        line: usize,
        status: RowStatus,
        id: Option<String>,
        errors: Vec<FieldError>,
    ) -> Self {
        RowReport {
            line,
            status,
            id,
            errors,
            matched: None,
            candidates: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct ImportCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
}

impl ImportCounts {
    fn add(&mut self, row: &RowReport) {
        match row.status {
            RowStatus::Created => self.created += 1,
            RowStatus::Updated => self.updated += 1,
            RowStatus::Unchanged => self.unchanged += 1,
            RowStatus::Rejected => self.rejected += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.created + self.updated + self.unchanged + self.rejected
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"kind": "enterprises", "dry_run": false, "written": true,
    "counts": {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0},
    "rows": [{"line": 2, "status": "created", "id": "ent-4c1f0a9e2b7d5a31"},
             {"line": 3, "status": "created", "id": "ent-9a0b1c2d3e4f5a6b"}],
    "rows_truncated": false}))]
pub struct ImportReport {
    pub kind: ImportKind,
    pub dry_run: bool,
    /// Whether anything was written: false for a dry run, and when invalid rows stopped the
    /// import (`on_error=abort`).
    pub written: bool,
    pub counts: ImportCounts,
    /// Every row's outcome for files of up to 10,000 rows; for larger files only the rejected
    /// rows (at most 1,000), and `rows_truncated` says so.
    pub rows: Vec<RowReport>,
    pub rows_truncated: bool,
}

impl ImportReport {
    /// True when invalid rows stopped an import that was meant to write.
    pub fn was_refused(&self) -> bool {
        !self.dry_run && !self.written && self.counts.rejected > 0
    }
}

#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    pub dry_run: bool,
    pub on_error: OnError,
    /// Rows per chunk (one transaction each); [`CHUNK`] unless a test wants small ones.
    pub chunk: usize,
}

impl ImportOptions {
    pub fn new(dry_run: bool, on_error: OnError) -> Self {
        ImportOptions {
            dry_run,
            on_error,
            chunk: CHUNK,
        }
    }
}

/// Called with (rows done, rows in the file) as chunks complete.
pub type Progress = std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>;

/// Rows per chunk: per planning round trip and per write transaction. Large enough to keep
/// Neo4j busy, small enough for its transaction memory limit and a timeout.
pub const CHUNK: usize = 5_000;
/// Files up to this many rows get every row's outcome in the report.
pub const FULL_REPORT_ROWS: usize = 10_000;
/// Rejected rows reported at most, for larger files.
pub const REJECTED_REPORTED: usize = 1_000;

/// The natural keys (hashed) of the rows seen so far in this pass, to refuse a second row that
/// names the same record. The keys a chunk added are journalled, so a chunk planned again (after
/// a failed write) can first be forgotten.
#[derive(Default)]
pub struct Seen {
    keys: HashSet<u64>,
    journal: Vec<u64>,
}

impl Seen {
    /// True the first time `key` is seen.
    pub fn first(&mut self, key: &str) -> bool {
        let mut h = DefaultHasher::new();
        key.hash(&mut h);
        let key = h.finish();
        let first = self.keys.insert(key);
        if first {
            self.journal.push(key);
        }
        first
    }

    /// The keys added since the last call.
    fn take_journal(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.journal)
    }

    fn forget(&mut self, journal: &[u64]) {
        for key in journal {
            self.keys.remove(key);
        }
    }
}

/// One kind of file.
pub trait Importer: Sync {
    type Create: Send + Sync;
    type Update: Send + Sync;

    /// The columns the file may have, and those it must have.
    fn columns(&self) -> (&'static [&'static str], &'static [&'static str]);

    /// What each row of a chunk does, given what the database holds now. With `only_refusals`
    /// a plan need only tell the rows refused from the others (the check before writing, for a
    /// curator): an importer may then skip the lookups that could not refuse a row.
    fn plan(
        &self,
        db: &Db,
        who: &Principal,
        rows: Vec<csv_rows::Row>,
        seen: &mut Seen,
        only_refusals: bool,
    ) -> impl Future<Output = Result<Plan<Self::Create, Self::Update>, Error>> + Send;

    /// Writes a chunk's plan in one transaction, with its history entries.
    fn write(
        &self,
        db: &Db,
        who: &Principal,
        plan: &Plan<Self::Create, Self::Update>,
    ) -> impl Future<Output = Result<(), Error>> + Send;
}

/// The report as it fills, keeping what a large file's report may hold.
struct Reporter {
    counts: ImportCounts,
    rows: Vec<RowReport>,
    total: usize,
}

impl Reporter {
    fn new(total: usize) -> Self {
        Reporter {
            counts: ImportCounts::default(),
            rows: Vec::new(),
            total,
        }
    }

    fn add(&mut self, rows: Vec<RowReport>) {
        for row in rows {
            self.counts.add(&row);
            let keep = self.total <= FULL_REPORT_ROWS
                || (row.status == RowStatus::Rejected && self.rows.len() < REJECTED_REPORTED);
            if keep {
                self.rows.push(row);
            }
        }
    }

    fn finish(self, kind: ImportKind, options: ImportOptions, written: bool) -> ImportReport {
        ImportReport {
            kind,
            dry_run: options.dry_run,
            written,
            rows_truncated: self.rows.len() < self.counts.total(),
            counts: self.counts,
            rows: self.rows,
        }
    }
}

/// A planned chunk with what it takes to plan it again.
struct Planned<C, U> {
    plan: Plan<C, U>,
    /// The chunk's rows, kept only when the pass writes.
    rows: Vec<csv_rows::Row>,
    journal: Vec<u64>,
}

/// One pass over the file: plan every chunk, and write it when `write`. While one chunk is
/// written the next is planned, so Neo4j reads and writes at once; a chunk's plan never depends
/// on the chunk before it (a row that repeats an earlier one is caught by `seen`).
async fn pass<I: Importer>(
    db: &Db,
    who: &Principal,
    importer: &I,
    source: &Source,
    (write, chunk, only_refusals): (bool, usize, bool),
    reporter: &mut Reporter,
    progress: &Progress,
) -> Result<(), Error> {
    let (allowed, required) = importer.columns();
    let mut file = csv_rows::Rows::open(source, allowed, required)?;
    let mut seen = Seen::default();
    let mut done = 0;
    let mut planned: Option<Planned<I::Create, I::Update>> = None;
    loop {
        let rows = file.next_chunk(chunk.max(1))?;
        let next = async {
            if rows.is_empty() {
                return Ok::<_, Error>(None);
            }
            let kept = if write { rows.clone() } else { Vec::new() };
            let (plan, journal) = plan(db, who, importer, rows, &mut seen, only_refusals).await?;
            Ok(Some(Planned {
                plan,
                rows: kept,
                journal,
            }))
        };
        let previous = async {
            match &planned {
                Some(chunk) if write && chunk.plan.rows_to_write() > 0 => {
                    importer.write(db, who, &chunk.plan).await
                }
                _ => Ok(()),
            }
        };
        let (next, written) = futures_util::future::join(next, previous).await;
        if let Some(chunk) = planned.take() {
            let reports = match written {
                Ok(()) => chunk.plan.into_reports(),
                Err(e) if retryable(&e) => {
                    tracing::warn!(error = %e, rows = chunk.rows.len(), "import chunk write failed; planning it again");
                    rewrite(db, who, importer, chunk, &mut seen).await?
                }
                Err(e) => return Err(e),
            };
            done += reports.len();
            reporter.add(reports);
            progress(done, reporter.total);
        }
        match next? {
            Some(chunk) => planned = Some(chunk),
            None => return Ok(()),
        }
    }
}

/// Times a chunk is planned again and written in halves after a write that timed out or lost
/// the database, before the import gives up (and can be resumed by running it again).
const RETRIES: u32 = 3;
/// Pause before planning again, times the attempt: the server needs a moment to end (by its
/// own transaction timeout) or commit the transaction the client gave up on.
const RETRY_PAUSE: std::time::Duration = std::time::Duration::from_secs(2);

fn retryable(e: &Error) -> bool {
    matches!(e, Error::Unavailable(_))
}

/// Plans a chunk, and plans it again after a pause when its lookups time out or lose the
/// database (a 915,242-row import once stopped at row 805,000 on one slow lookup): planning
/// only reads, so repeating it is safe once the failed attempt's journal is forgotten. Returns
/// the plan and the journal of the keys it claimed.
async fn plan<I: Importer>(
    db: &Db,
    who: &Principal,
    importer: &I,
    rows: Vec<csv_rows::Row>,
    seen: &mut Seen,
    only_refusals: bool,
) -> Result<(Plan<I::Create, I::Update>, Vec<u64>), Error> {
    let mut attempt = 1;
    loop {
        let planned = importer
            .plan(db, who, rows.clone(), seen, only_refusals)
            .await;
        let journal = seen.take_journal();
        match planned {
            Ok(plan) => return Ok((plan, journal)),
            Err(e) if retryable(&e) && attempt < RETRIES => {
                tracing::warn!(error = %e, rows = rows.len(), attempt, "import chunk lookup failed; planning it again");
                seen.forget(&journal);
                tokio::time::sleep(RETRY_PAUSE * attempt).await;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Writes a chunk whose write failed. The abandoned transaction may still have committed, so
/// the rows are planned again against what the database holds now (rows it wrote become
/// `unchanged` and are not written twice); a chunk that fails again is split in halves, since
/// the usual cause is a chunk too heavy for the timeout.
async fn rewrite<I: Importer>(
    db: &Db,
    who: &Principal,
    importer: &I,
    failed: Planned<I::Create, I::Update>,
    seen: &mut Seen,
) -> Result<Vec<RowReport>, Error> {
    let first: std::collections::HashMap<usize, RowStatus> = failed
        .plan
        .into_reports()
        .into_iter()
        .map(|r| (r.line, r.status))
        .collect();
    seen.forget(&failed.journal);
    let mut queue = std::collections::VecDeque::from([(failed.rows, 1)]);
    let mut reports = Vec::new();
    while let Some((mut rows, attempt)) = queue.pop_front() {
        tokio::time::sleep(RETRY_PAUSE * attempt).await;
        let (plan, journal) = plan(db, who, importer, rows.clone(), seen, false).await?;
        let outcome = if plan.rows_to_write() > 0 {
            importer.write(db, who, &plan).await
        } else {
            Ok(())
        };
        match outcome {
            Ok(()) => reports.extend(plan.into_reports()),
            Err(e) if retryable(&e) && attempt < RETRIES && rows.len() > 1 => {
                tracing::warn!(error = %e, rows = rows.len(), attempt, "import chunk write failed again; splitting it");
                seen.forget(&journal);
                let second = rows.split_off(rows.len().div_ceil(2));
                queue.push_front((second, attempt + 1));
                queue.push_front((rows, attempt + 1));
            }
            Err(e) => return Err(e),
        }
    }
    // A row the first attempt created or updated, and found written when planned again, was
    // written by this import: report what the import did, not what the second look saw.
    for report in &mut reports {
        if report.status == RowStatus::Unchanged {
            if let Some(&status @ (RowStatus::Created | RowStatus::Updated)) =
                first.get(&report.line)
            {
                report.status = status;
            }
        }
    }
    Ok(reports)
}

async fn run_with<I: Importer>(
    db: &Db,
    who: &Principal,
    importer: I,
    kind: ImportKind,
    source: &Source,
    options: ImportOptions,
    progress: Progress,
) -> Result<ImportReport, Error> {
    let total = csv_rows::count(source)?;
    if options.dry_run || options.on_error == OnError::Abort {
        let mut checked = Reporter::new(total);
        let quiet: Progress = std::sync::Arc::new(|_, _| {});
        // A curator's check need not know what each valid row would do, only which are
        // refused; a dry run reports what each row would do.
        let only_refusals = !options.dry_run && who.role == crate::auth::Role::Admin;
        let check = (false, options.chunk, only_refusals);
        pass(db, who, &importer, source, check, &mut checked, &quiet).await?;
        if options.dry_run || checked.counts.rejected > 0 {
            return Ok(checked.finish(kind, options, false));
        }
    }
    let mut written = Reporter::new(total);
    let write = (true, options.chunk, false);
    pass(db, who, &importer, source, write, &mut written, &progress).await?;
    let report = written.finish(kind, options, true);
    let counts = &report.counts;
    for (outcome, rows) in [
        ("created", counts.created),
        ("updated", counts.updated),
        ("unchanged", counts.unchanged),
        ("rejected", counts.rejected),
    ] {
        crate::metrics::import_rows(kind.as_str(), outcome, rows);
    }
    Ok(report)
}

pub async fn run(
    db: &Db,
    who: &Principal,
    kind: ImportKind,
    source: &Source,
    options: ImportOptions,
    progress: Progress,
) -> Result<ImportReport, Error> {
    match kind {
        ImportKind::Enterprises | ImportKind::RdSources => {
            let importer = organisations::Organisations::of(kind);
            run_with(db, who, importer, kind, source, options, progress).await
        }
        ImportKind::Relationships => {
            let importer = relationships::Relationships;
            run_with(db, who, importer, kind, source, options, progress).await
        }
        ImportKind::Memberships => {
            let importer = memberships::Memberships;
            run_with(db, who, importer, kind, source, options, progress).await
        }
    }
}
