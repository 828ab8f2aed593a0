//! Idempotent schema files (`cypher/schema/*.cypher`), applied at start-up and by
//! `chain-atlas migrate`. A ledger of `(:SchemaFile {name, checksum})` nodes records what was
//! applied, so an edited or deleted file is reported instead of silently skipped.

use std::collections::BTreeMap;
use std::fmt;

use neo4rs::query;
use sha2::{Digest, Sha256};

use super::{Db, DbError};

pub struct SchemaFile {
    pub name: &'static str,
    pub text: &'static str,
}

macro_rules! schema_file {
    ($name:literal) => {
        SchemaFile {
            name: $name,
            text: include_str!(concat!("../../cypher/schema/", $name)),
        }
    };
}

/// In application order.
pub const FILES: &[SchemaFile] = &[
    schema_file!("001_constraints.cypher"),
    schema_file!("002_indexes.cypher"),
    schema_file!("003_fulltext.cypher"),
    schema_file!("004_registration.cypher"),
    schema_file!("005_search.cypher"),
    schema_file!("006_reliability.cypher"),
    schema_file!("007_scale.cypher"),
    schema_file!("008_review.cypher"),
    schema_file!("009_membership_keys.cypher"),
    schema_file!("010_supplies_product.cypher"),
    schema_file!("011_sub_link_memberships.cypher"),
    schema_file!("012_branch_twins.cypher"),
    schema_file!("013_data_moves.cypher"),
    schema_file!("014_answers.cypher"),
    schema_file!("015_reconcile.cypher"),
    schema_file!("016_merged_records.cypher"),
    schema_file!("017_change_feed.cypher"),
    schema_file!("018_webhooks.cypher"),
    schema_file!("019_watches.cypher"),
];

const LEDGER_LIST: &str = include_str!("../../cypher/ledger/list.cypher");
const LEDGER_RECORD: &str = include_str!("../../cypher/ledger/record.cypher");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// Not in the ledger before; applied now.
    Applied,
    /// In the ledger with the same checksum; nothing to do.
    Unchanged,
    /// In the ledger with another checksum: the file was edited after it was applied. Its
    /// statements were re-run (they are idempotent), but an edited definition of an existing
    /// index or constraint does not replace the old one: drop it by hand.
    Changed,
    /// In the ledger but no longer shipped: whatever it created is still in the database.
    Removed,
}

#[derive(Debug, Default)]
pub struct MigrationReport {
    pub files: Vec<(String, FileStatus)>,
}

impl MigrationReport {
    pub fn needs_attention(&self) -> bool {
        self.files
            .iter()
            .any(|(_, s)| matches!(s, FileStatus::Changed | FileStatus::Removed))
    }
}

impl fmt::Display for MigrationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, status) in &self.files {
            writeln!(f, "{status:?}\t{name}")?;
        }
        Ok(())
    }
}

pub fn checksum(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Splits a file into statements on `;`, dropping `//` comment lines. Schema files hold no
/// string literals with semicolons, which keeps this simple.
pub fn statements(text: &str) -> Vec<String> {
    let without_comments: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    without_comments
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

async fn ledger(db: &Db) -> Result<BTreeMap<String, String>, DbError> {
    let rows = db.rows(query(LEDGER_LIST)).await?;
    // An entry deleted while the list is read (Neo4j reads committed data, so a node matched
    // before a concurrent delete commits comes back without properties) is no entry.
    let entries = rows
        .iter()
        .map(|r| {
            Ok((
                r.get::<Option<String>>("name")?,
                r.get::<Option<String>>("checksum")?,
            ))
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    Ok(entries
        .into_iter()
        .filter_map(|(name, sum)| Some((name?, sum?)))
        .collect())
}

/// MERGE is not atomic either: a concurrent start-up may create the ledger node first, in
/// which case the second attempt finds and updates it.
async fn record(db: &Db, name: &str, sum: &str) -> Result<(), DbError> {
    let entry = || {
        query(LEDGER_RECORD)
            .param("name", name)
            .param("checksum", sum)
    };
    match db.run(entry()).await {
        Err(DbError::Constraint(_)) => db.run(entry()).await,
        other => other,
    }
}

/// Applies every shipped file that is new or changed and records it in the ledger.
pub async fn apply(db: &Db) -> Result<MigrationReport, DbError> {
    apply_files(db, FILES).await
}

/// Applies `files` as if they were the shipped set (tests pass their own).
pub async fn apply_files(db: &Db, files: &[SchemaFile]) -> Result<MigrationReport, DbError> {
    let recorded = ledger(db).await?;
    let mut report = MigrationReport::default();
    for file in files {
        let sum = checksum(file.text);
        let status = match recorded.get(file.name) {
            Some(old) if *old == sum => FileStatus::Unchanged,
            Some(_) => FileStatus::Changed,
            None => FileStatus::Applied,
        };
        if status != FileStatus::Unchanged {
            for statement in statements(file.text) {
                match db.run(query(&statement)).await {
                    // IF NOT EXISTS is not atomic across concurrent start-ups.
                    Ok(()) | Err(DbError::SchemaRuleExists(_)) => {}
                    Err(e) => return Err(e),
                }
            }
            record(db, file.name, &sum).await?;
        }
        if status == FileStatus::Changed {
            tracing::warn!(file = file.name, "schema file changed since it was applied");
        }
        report.files.push((file.name.to_owned(), status));
    }
    for name in recorded
        .keys()
        .filter(|n| !files.iter().any(|f| f.name == n.as_str()))
    {
        tracing::warn!(file = %name, "schema file in the ledger is no longer shipped");
        report.files.push((name.clone(), FileStatus::Removed));
    }
    Ok(report)
}

/// True when every shipped file is in the ledger with its current checksum.
pub async fn is_current(db: &Db) -> Result<bool, DbError> {
    let recorded = ledger(db).await?;
    Ok(FILES
        .iter()
        .all(|f| recorded.get(f.name) == Some(&checksum(f.text))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_statements_and_drops_comments() {
        let text = "// a comment; with a semicolon\nCREATE INDEX a;\n\nCREATE INDEX b\nFOR (n) ON (n.x);\n";
        assert_eq!(
            statements(text),
            vec!["CREATE INDEX a", "CREATE INDEX b\nFOR (n) ON (n.x)"]
        );
    }

    #[test]
    fn every_shipped_statement_is_idempotent() {
        for file in FILES {
            for s in statements(file.text) {
                // A data statement touches only what it has not done yet (`IS NULL`, or
                // `NOT EXISTS` for what it would create).
                let data = s.starts_with("MATCH")
                    && (s.contains(" IS NULL") || s.contains("WHERE NOT EXISTS"));
                assert!(
                    s.contains("IF NOT EXISTS")
                        || (s.starts_with("DROP") && s.contains("IF EXISTS"))
                        || data,
                    "{}: not idempotent: {s}",
                    file.name
                );
            }
        }
    }

    #[test]
    fn checksum_changes_with_content() {
        assert_ne!(checksum("a"), checksum("b"));
        assert_eq!(checksum("a").len(), 64);
    }
}
