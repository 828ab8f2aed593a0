//! Ties an organisation list's rows to the records they name before the rows are checked, so a
//! list of names as staff hold them — short names, no USCC, 唐山市 for a region — imports
//! without a duplicate:
//!
//! - a `match` cell names the record (its id) or says `new` (新建): the user's choice decides;
//! - otherwise a row without its key (a curator's `id`; an enterprise's USCC; an R&D source has
//!   none but its name as written) is reconciled by its name and region (`crate::reconcile`):
//!   a confident match ties it to that record;
//! - an enterprise row tied to nothing and without a USCC is refused: a new firm still needs its
//!   USCC (the registry's rule), and the report lists the candidates to choose from.
//!
//! A tied row is an edit of its record, as a `PATCH` is: its name and region are how the list
//! writes them — evidence, not edits — so the record keeps its own; its other cells change the
//! record, and cells it leaves empty keep the record's values (a list of names never wipes a
//! description). A record without a USCC (many real ones) takes the row's.

use std::collections::HashMap;

use neo4rs::query;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::csv_rows::Row;
use super::region_names::RegionNames;
use crate::db::Db;
use crate::domain::{OrgId, OrgKind};
use crate::error::{Error, FieldError};
use crate::reconcile::{self, score::CONFIDENT, ListRow, ReconcileCandidate};

const TIED_RECORDS: &str = include_str!("../../cypher/imports/tied_records.cypher");

crate::domain::coded_enum! {
    /// How a row was tied to a record without its key.
    pub enum MatchedBy: "snake_case" {
        /// Its name (and region) matched the record confidently.
        Name,
        /// The row's `match` column named the record.
        Choice,
    }
}

/// The record a row was tied to, for the report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RowMatch {
    pub by: MatchedBy,
    /// The record's name.
    pub name_zh: String,
    /// The reconciliation score (0–100) of a match by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
}

/// A row ready for its importer's checks.
pub struct Prepared {
    pub line: usize,
    pub cells: Map<String, Value>,
    pub matched: Option<RowMatch>,
    /// What the row may be, when it was reconciled and not tied.
    pub candidates: Vec<ReconcileCandidate>,
    /// A candidate reached the confident score but not clearly ahead of the next: the row
    /// must not create a record unless its key names one or the user chose `new`.
    pub ambiguous: bool,
    /// The user chose `new`.
    pub new: bool,
    /// The record the row was tied to (by name or by choice): the row's other cells edit it.
    pub tied: Option<TiedRecord>,
    pub refused: Vec<FieldError>,
}

/// The record a row was tied to: the row is an edit of it.
#[derive(Clone, Deserialize)]
pub struct TiedRecord {
    pub id: String,
    pub owner: String,
    pub props: Map<String, Value>,
    pub park: Option<String>,
}

enum Choice {
    Record(String),
    New,
}

fn choice(cells: &mut Map<String, Value>) -> Result<Option<Choice>, FieldError> {
    let Some(cell) = cells.remove("match") else {
        return Ok(None);
    };
    let text = cell.as_str().unwrap_or_default().trim();
    if matches!(text.to_lowercase().as_str(), "new" | "新建" | "新增") {
        return Ok(Some(Choice::New));
    }
    OrgId::parse(text)
        .map(|id| Some(Choice::Record(id.to_string())))
        .map_err(|_| {
            let why = "an organisation id (ent-… / rd-…) of the record this row is, or new (新建)";
            FieldError::new("match", "format", why)
        })
}

fn prepare_row(row: Row, regions: &RegionNames) -> (Prepared, Option<Choice>) {
    let Row { line, mut cells } = row;
    let mut refused = Vec::new();
    let choice = choice(&mut cells).unwrap_or_else(|e| {
        refused.push(e);
        None
    });
    if let Some(Value::String(region)) = cells.get("region") {
        match regions.code_of(region) {
            Ok(code) => {
                cells.insert("region".into(), Value::String(code));
            }
            Err(e) => refused.push(e),
        }
    }
    let prepared = Prepared {
        line,
        cells,
        matched: None,
        candidates: Vec::new(),
        ambiguous: false,
        new: matches!(choice, Some(Choice::New)),
        tied: None,
        refused,
    };
    (prepared, choice)
}

/// Prepares a chunk's rows: their choices read, their regions read as codes, the rows without
/// a key reconciled, and the tied rows filled from their records.
pub async fn prepare(
    db: &Db,
    kind: OrgKind,
    rows: Vec<Row>,
    regions: &RegionNames,
) -> Result<Vec<Prepared>, Error> {
    let mut prepared = Vec::with_capacity(rows.len());
    let mut ties: Vec<Tie> = Vec::new();
    let mut to_reconcile: Vec<(usize, ListRow)> = Vec::new();
    for row in rows {
        let (p, choice) = prepare_row(row, regions);
        let i = prepared.len();
        // A curator's id, or an enterprise's USCC, is the row's key: it names its record, or a
        // new one.
        let keyed = p.cells.contains_key("id")
            || (kind == OrgKind::Enterprise && p.cells.contains_key("uscc"));
        match choice {
            Some(Choice::Record(id)) => ties.push((i, id, MatchedBy::Choice, None)),
            Some(Choice::New) => {}
            None if keyed || !p.refused.is_empty() => {}
            None => {
                if let Some(Value::String(name)) = p.cells.get("name_zh") {
                    let region = p.cells.get("region").and_then(Value::as_str);
                    to_reconcile.push((i, list_row(kind, name, region)));
                }
            }
        }
        prepared.push(p);
    }
    for batch in to_reconcile.chunks(reconcile::MAX_ROWS) {
        let list: Vec<ListRow> = batch.iter().map(|(_, r)| r.clone()).collect();
        let answer = reconcile::propose(db, &list).await?;
        for ((i, _), result) in batch.iter().zip(answer.results) {
            match (result.matched, result.id) {
                (true, Some(id)) => {
                    let score = result.candidates.first().map(|c| c.score);
                    ties.push((*i, id, MatchedBy::Name, score));
                }
                _ => {
                    let p = &mut prepared[*i];
                    p.ambiguous = result
                        .candidates
                        .first()
                        .is_some_and(|c| c.score >= CONFIDENT);
                    p.candidates = result.candidates;
                }
            }
        }
    }
    tie(db, kind, &mut prepared, ties).await?;
    for p in &mut prepared {
        refuse_unkeyed(kind, p);
    }
    Ok(prepared)
}

/// A row tied to a record: its place, the record's id, how, and the score of a match by name.
type Tie = (usize, String, MatchedBy, Option<u8>);

fn list_row(kind: OrgKind, name: &str, region: Option<&str>) -> ListRow {
    ListRow {
        name: name.to_owned(),
        region: region.map(str::to_owned),
        uscc: None,
        kind: Some(kind),
        address: None,
    }
}

/// Fills tied rows from their records; a chosen id that names no record of the kind is refused.
async fn tie(
    db: &Db,
    kind: OrgKind,
    prepared: &mut [Prepared],
    ties: Vec<Tie>,
) -> Result<(), Error> {
    if ties.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = ties.iter().map(|(_, id, _, _)| id.as_str()).collect();
    let q = query(TIED_RECORDS)
        .param("ids", ids)
        .param("label", kind.label());
    let records: HashMap<String, TiedRecord> = db
        .rows(q)
        .await?
        .iter()
        .map(|r| r.to::<TiedRecord>().map_err(crate::db::DbError::from))
        .map(|r| r.map(|t| (t.id.clone(), t)))
        .collect::<Result<_, _>>()?;
    for (i, id, by, score) in ties {
        let p = &mut prepared[i];
        // Two rows tied to one record: the second is refused as a repeat by its importer.
        match records.get(&id).cloned() {
            Some(record) => tie_row(p, record, by, score),
            None => p.refused.push(FieldError::new(
                "match",
                "exists",
                "no organisation of this kind has this id",
            )),
        }
    }
    Ok(())
}

fn tie_row(p: &mut Prepared, record: TiedRecord, by: MatchedBy, score: Option<u8>) {
    let theirs = record.props.get("uscc").and_then(Value::as_str);
    if let (Some(Value::String(row)), Some(theirs)) = (p.cells.get("uscc"), theirs) {
        if !row.trim().eq_ignore_ascii_case(theirs) {
            let why = format!("the record this row is tied to has the USCC {theirs}");
            p.refused.push(FieldError::new("uscc", "mismatch", &why));
            return;
        }
        p.cells.remove("uscc");
    }
    for evidence in ["name_zh", "region"] {
        p.cells.remove(evidence);
    }
    let name_zh = record.props.get("name_zh").and_then(Value::as_str);
    let name_zh = name_zh.unwrap_or_default().to_owned();
    p.matched = Some(RowMatch { by, name_zh, score });
    p.tied = Some(record);
}

/// An enterprise row tied to nothing and without its USCC cannot become a record.
fn refuse_unkeyed(kind: OrgKind, p: &mut Prepared) {
    if kind != OrgKind::Enterprise
        || !p.refused.is_empty()
        || p.matched.is_some()
        || p.cells.contains_key("uscc")
    {
        return;
    }
    let error = if p.ambiguous && !p.new {
        let why = "several registered enterprises match this name: name the one it is in the \
                   match column (its id), or write new (新建) with the USCC";
        FieldError::new("match", "ambiguous", why)
    } else {
        let why = "no registered enterprise matches this name confidently: a new enterprise \
                   needs its USCC, or name the record in the match column";
        FieldError::new("uscc", "required", why)
    };
    p.refused.push(error);
}
