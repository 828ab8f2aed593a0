//! Bulk import from CSV, in four steps over one [`Plan`]: parse the file into rows, check each
//! row with the same request types as single requests, plan what each row does against what
//! the database already holds (create, update, leave unchanged, reject), and write the plan.
//! Re-importing a file changes nothing: enterprises are matched by USCC, R&D sources by name
//! and region, relationships by an id derived from their content.

pub mod csv_rows;
mod organisations;
mod plan;
#[cfg(test)]
mod properties;
mod relationships;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::Db;
use crate::error::{Error, FieldError};
pub use plan::Plan;

/// What the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Enterprises,
    RdSources,
    Relationships,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Enterprises => "enterprises",
            ImportKind::RdSources => "rd_sources",
            ImportKind::Relationships => "relationships",
        }
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

impl ImportCounts {
    fn of(rows: &[RowReport]) -> Self {
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
) -> Result<ImportReport, Error> {
    let (rows, written) = match kind {
        ImportKind::Enterprises | ImportKind::RdSources => {
            let plan = organisations::plan(db, who, kind, text).await?;
            let write = plan.should_write(options);
            if write {
                organisations::write(db, who, kind, &plan, progress).await?;
            }
            (plan.into_reports(), write)
        }
        ImportKind::Relationships => {
            let plan = relationships::plan(db, who, text).await?;
            let write = plan.should_write(options);
            if write {
                relationships::write(db, who, &plan, progress).await?;
            }
            (plan.into_reports(), write)
        }
    };
    let counts = ImportCounts::of(&rows);
    if written {
        let name = kind.as_str();
        crate::metrics::import_rows(name, "created", counts.created);
        crate::metrics::import_rows(name, "updated", counts.updated);
        crate::metrics::import_rows(name, "unchanged", counts.unchanged);
        crate::metrics::import_rows(name, "rejected", counts.rejected);
    }
    Ok(ImportReport {
        kind,
        dry_run: options.dry_run,
        written,
        counts,
        rows,
    })
}
