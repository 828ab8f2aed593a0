//! What an import will do, row by row, before anything is written.

use std::collections::HashMap;

use neo4rs::Query;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::matching::RowMatch;
use super::{RowReport, RowStatus};
use crate::auth::Principal;
use crate::changelog::{self, Entry};
use crate::db::{Db, DbError};
use crate::error::{Error, FieldError};
use crate::reconcile::ReconcileCandidate;

/// The rows of one import: each one's outcome, and the creates and updates (with their history
/// entries) that writing the plan performs. `C` and `U` are the kind's typed write rows.
pub struct Plan<C, U> {
    reports: Vec<RowReport>,
    pub creates: Vec<C>,
    pub updates: Vec<U>,
    pub entries: Vec<Entry>,
    /// What reconciliation found for a row (by line), told in its report.
    notes: HashMap<usize, Note>,
}

type Note = (Option<RowMatch>, Vec<ReconcileCandidate>);

impl<C, U> Default for Plan<C, U> {
    fn default() -> Self {
        Plan {
            reports: Vec::new(),
            creates: Vec::new(),
            updates: Vec::new(),
            entries: Vec::new(),
            notes: HashMap::new(),
        }
    }
}

impl<C, U> Plan<C, U> {
    fn report(&mut self, line: usize, status: RowStatus, id: Option<String>) {
        self.reports.push(RowReport::new(line, status, id, vec![]));
    }

    pub fn reject(&mut self, line: usize, id: Option<String>, errors: Vec<FieldError>) {
        let report = RowReport::new(line, RowStatus::Rejected, id, errors);
        self.reports.push(report);
    }

    /// What reconciliation found for a row: the record it was tied to, or its candidates.
    pub fn note(
        &mut self,
        line: usize,
        matched: Option<RowMatch>,
        candidates: Vec<ReconcileCandidate>,
    ) {
        if matched.is_some() || !candidates.is_empty() {
            self.notes.insert(line, (matched, candidates));
        }
    }

    /// Rejects a row for one reason.
    pub fn refuse(&mut self, line: usize, id: Option<String>, field: &str, rule: &str, why: &str) {
        self.reject(line, id, vec![FieldError::new(field, rule, why)]);
    }

    pub fn create(&mut self, line: usize, id: String, row: C, entry: Entry) {
        self.report(line, RowStatus::Created, Some(id));
        self.creates.push(row);
        self.entries.push(entry);
    }

    pub fn update(&mut self, line: usize, id: String, row: U, entry: Entry) {
        self.report(line, RowStatus::Updated, Some(id));
        self.updates.push(row);
        self.entries.push(entry);
    }

    pub fn unchanged(&mut self, line: usize, id: String) {
        self.report(line, RowStatus::Unchanged, Some(id));
    }

    /// The row reports in file order.
    pub fn into_reports(mut self) -> Vec<RowReport> {
        for report in &mut self.reports {
            if let Some((matched, candidates)) = self.notes.remove(&report.line) {
                report.matched = matched;
                // A row tied to its record needs no list of what else it might have been.
                if report.matched.is_none() {
                    report.candidates = candidates;
                }
            }
        }
        self.reports.sort_by_key(|r| r.line);
        self.reports
    }

    /// The rows of the chunk the plan is for.
    pub fn rows(&self) -> usize {
        self.reports.len()
    }

    pub fn rows_to_write(&self) -> usize {
        self.creates.len() + self.updates.len()
    }
}

/// A CSV row's cells as the request type `T`; shape errors name the column.
pub fn parse_cells<T: DeserializeOwned>(cells: Map<String, Value>) -> Result<T, Vec<FieldError>> {
    serde_path_to_error::deserialize(Value::Object(cells)).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { "row" } else { path.as_str() };
        vec![FieldError::new(field, "schema", e.inner().to_string())]
    })
}

/// The field errors of a validation failure (anything else becomes one `row` error).
pub fn field_errors(e: Error) -> Vec<FieldError> {
    match e {
        Error::Invalid(errors) if !errors.is_empty() => errors,
        other => vec![FieldError::new("row", "invalid", other.to_string())],
    }
}

/// Runs a chunk's statements and records its history entries, all in one transaction.
pub async fn write_all(
    db: &Db,
    who: &Principal,
    statements: Vec<Query>,
    entries: &[Entry],
) -> Result<(), DbError> {
    let (who, entries) = (who.clone(), entries.to_vec());
    db.in_transaction(move |tx| {
        Box::pin(async move {
            for statement in statements {
                tx.run(statement).await?;
            }
            for chunk in entries.chunks(BATCH) {
                changelog::record(tx, &who, chunk).await?;
            }
            Ok(())
        })
    })
    .await
}

/// Rows per UNWIND statement inside a chunk's transaction.
pub const BATCH: usize = 1_000;
