//! Bulk import from CSV: every row is validated first, then either everything valid is written
//! in one transaction (UNWIND batches) or nothing is. Re-importing a file changes nothing:
//! enterprises are matched by USCC, R&D sources by name and region, relationships by an id
//! derived from their content.

pub mod csv_rows;
mod organisations;
mod relationships;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::Db;
use crate::error::{ApiError, FieldError};
use crate::organisations::history;

/// What the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Enterprises,
    RdSources,
    Relationships,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Created,
    Updated,
    Unchanged,
    Rejected,
}

/// The outcome for one row (for a dry run or an aborted import: what would have happened).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowReport {
    /// Line in the file (the header is line 1).
    pub line: usize,
    pub status: RowStatus,
    /// The record's id (not for rejected rows that name no existing record).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ImportCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"kind": "enterprises", "dry_run": false, "written": true,
    "counts": {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0},
    "rows": [{"line": 2, "status": "created", "id": "ent-4c1f0a9e2b7d5a31"},
             {"line": 3, "status": "created", "id": "ent-9a0b1c2d3e4f5a6b"}]}))]
pub struct ImportReport {
    pub kind: ImportKind,
    pub dry_run: bool,
    /// Whether anything was written: false for a dry run, and when invalid rows stopped the
    /// import (`on_error=abort`).
    pub written: bool,
    pub counts: ImportCounts,
    pub rows: Vec<RowReport>,
}

#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    pub dry_run: bool,
    pub on_error: OnError,
}

/// Called with (rows written, rows to write) as batches complete.
pub type Progress = std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>;

/// Rows per UNWIND statement.
pub const BATCH: usize = 500;

pub async fn run(
    db: &Db,
    who: &Principal,
    kind: ImportKind,
    text: &[u8],
    options: ImportOptions,
    progress: Progress,
) -> Result<ImportReport, ApiError> {
    let mut report = match kind {
        ImportKind::Enterprises | ImportKind::RdSources => {
            organisations::import(db, who, kind, text, options, progress).await?
        }
        ImportKind::Relationships => {
            relationships::import(db, who, text, options, progress).await?
        }
    };
    report.counts = count(&report.rows);
    Ok(report)
}

fn count(rows: &[RowReport]) -> ImportCounts {
    let mut c = ImportCounts::default();
    for row in rows {
        match row.status {
            RowStatus::Created => c.created += 1,
            RowStatus::Updated => c.updated += 1,
            RowStatus::Unchanged => c.unchanged += 1,
            RowStatus::Rejected => c.rejected += 1,
        }
    }
    c
}

/// Whether the planned writes go ahead.
fn should_write(rows: &[RowReport], options: ImportOptions) -> bool {
    let rejected = rows.iter().any(|r| r.status == RowStatus::Rejected);
    !options.dry_run && (!rejected || options.on_error == OnError::Skip)
}

fn rejected(line: usize, id: Option<String>, errors: Vec<FieldError>) -> RowReport {
    RowReport {
        line,
        status: RowStatus::Rejected,
        id,
        errors,
    }
}

fn row_error(field: &str, rule: &str, message: impl Into<String>) -> Vec<FieldError> {
    vec![FieldError {
        field: field.into(),
        rule: rule.into(),
        message: message.into(),
    }]
}

/// The field errors inside a validation error (others become a single `row` error).
fn field_errors(e: ApiError) -> Vec<FieldError> {
    match e {
        ApiError::Validation { errors, .. } | ApiError::BadRequest { errors, .. }
            if !errors.is_empty() =>
        {
            errors
        }
        other => row_error("row", "invalid", other.to_string()),
    }
}

impl ImportReport {
    /// The refusal a client gets when invalid rows stopped the import: 422, every rejected
    /// row's errors under `rows[line].field`, and the whole report.
    pub fn into_rejection(self) -> ApiError {
        let errors: Vec<FieldError> = self
            .rows
            .iter()
            .filter(|r| r.status == RowStatus::Rejected)
            .flat_map(|r| {
                r.errors.iter().map(move |e| FieldError {
                    field: format!("rows[{}].{}", r.line, e.field),
                    rule: e.rule.clone(),
                    message: e.message.clone(),
                })
            })
            .collect();
        let detail = format!(
            "{} of {} rows are invalid; nothing was written (use on_error=skip to write the valid rows)",
            self.counts.rejected,
            self.rows.len()
        );
        ApiError::ImportRejected {
            detail,
            errors,
            report: serde_json::to_value(&self).unwrap_or_default(),
        }
    }

    /// True when invalid rows stopped an import that was meant to write.
    pub fn was_refused(&self) -> bool {
        !self.dry_run && !self.written && self.counts.rejected > 0
    }
}

/// Runs the prepared statements (each with its row count, for progress) and records the
/// history entries, all in one transaction.
async fn write_batches(
    db: &Db,
    who: &Principal,
    statements: Vec<(usize, neo4rs::Query)>,
    entries: Vec<serde_json::Value>,
    total: usize,
    progress: Progress,
) -> Result<(), ApiError> {
    let who = who.clone();
    db.in_transaction(move |tx| {
        Box::pin(async move {
            let mut done = 0;
            for (size, statement) in statements {
                tx.run(statement).await?;
                done += size;
                progress(done, total);
            }
            for chunk in entries.chunks(BATCH) {
                history::record_many(tx, &who, chunk.to_vec()).await?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(())
}
