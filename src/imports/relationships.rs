//! Importing relationships. Ends are named by organisation id or by USCC; a relationship's id
//! is derived from what it says (kind, ends, product or technology, mode, year), so importing
//! the same file again finds every row already there.

use std::collections::{HashMap, HashSet};

use neo4rs::query;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::csv_rows::{self, Row};
use super::organisations::{parse_as, reference_ids};
use super::{
    field_errors, rejected, row_error, should_write, write_batches, ImportKind, ImportOptions,
    ImportReport, Progress, RowReport, RowStatus, BATCH,
};
use crate::auth::Principal;
use crate::db::{Db, DbError};
use crate::domain::relationship::with_rel_type;
use crate::domain::RelKind;
use crate::error::ApiError;
use crate::organisations::history::{batch_entry, Action};
use crate::organisations::store::bolt;
use crate::relationships::input::NewRelationship;
use crate::relationships::store::{create_query, TARGET_KIND};

const RESOLVE: &str = include_str!("../../cypher/imports/resolve_organisations.cypher");
const EXISTING: &str = include_str!("../../cypher/relationships/existing.cypher");
const UPDATE: &str = include_str!("../../cypher/relationships/update.cypher");

pub const COLUMNS: &[&str] = &[
    "kind",
    "source_id",
    "target_id",
    "product",
    "technology",
    "mode",
    "year",
    "share",
    "topic",
    "scope",
    "valid_from",
    "valid_to",
    "source",
];

struct Planned {
    line: usize,
    kind: RelKind,
    id: String,
    /// {id, source_id, target_id, props, source}: the row the create and update statements take.
    row: Value,
}

fn content_id(kind: RelKind, source: &str, target: &str, props: &Map<String, Value>) -> String {
    let mut h = Sha256::new();
    for part in [kind.rel_type(), source, target] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    for key in ["product", "technology", "mode", "year"] {
        h.update(
            props
                .get(key)
                .map(Value::to_string)
                .unwrap_or_default()
                .as_bytes(),
        );
        h.update([0]);
    }
    format!("rel-{}", &hex::encode(h.finalize())[..16])
}

/// Organisation id and owner for every reference (id or USCC) that names one.
async fn resolve(db: &Db, refs: Vec<String>) -> Result<HashMap<String, (String, String)>, DbError> {
    let rows = db.rows(query(RESOLVE).param("refs", refs)).await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.get::<String>("ref")?,
                (r.get::<String>("id")?, r.get::<String>("owner")?),
            ))
        })
        .collect()
}

async fn existing(
    db: &Db,
    planned: &[Planned],
) -> Result<HashMap<String, Map<String, Value>>, DbError> {
    let mut found = HashMap::new();
    for kind in RelKind::ALL {
        let ids: Vec<String> = planned
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| p.id.clone())
            .collect();
        if ids.is_empty() {
            continue;
        }
        for row in db
            .rows(query(&with_rel_type(EXISTING, kind)).param("ids", ids))
            .await?
        {
            let props: Value = row.get("props")?;
            found.insert(
                row.get::<String>("id")?,
                props.as_object().cloned().unwrap_or_default(),
            );
        }
    }
    Ok(found)
}

fn parse_rows(
    rows: Vec<Row>,
    reports: &mut Vec<RowReport>,
) -> Vec<(usize, NewRelationship, Map<String, Value>)> {
    let mut parsed = Vec::new();
    for Row { line, cells } in rows {
        let body = match parse_as::<NewRelationship>(cells) {
            Ok(b) => b,
            Err(errors) => {
                reports.push(rejected(line, None, errors));
                continue;
            }
        };
        match body.checked_props() {
            Ok(props) => parsed.push((line, body, props)),
            Err(e) => reports.push(rejected(line, None, field_errors(e))),
        }
    }
    parsed
}

pub async fn import(
    db: &Db,
    who: &Principal,
    text: &[u8],
    options: ImportOptions,
    progress: Progress,
) -> Result<ImportReport, ApiError> {
    let rows = csv_rows::parse(text, COLUMNS, &["kind", "source_id", "target_id", "source"])?;
    let mut reports = Vec::new();
    let parsed = parse_rows(rows, &mut reports);
    let refs: Vec<String> = parsed
        .iter()
        .flat_map(|(_, b, _)| {
            [
                Some(b.source_id.clone()),
                (b.kind != RelKind::RelocatedFrom).then(|| b.target_id.clone()),
            ]
        })
        .flatten()
        .collect();
    let orgs = resolve(db, refs).await?;
    let (regions, _) = reference_ids(db).await?;
    let mut planned = Vec::new();
    let mut seen = HashSet::new();
    for (line, body, props) in parsed {
        let relocation = body.kind == RelKind::RelocatedFrom;
        let source = orgs.get(&body.source_id);
        let target = if relocation {
            regions
                .contains(&body.target_id)
                .then(|| (body.target_id.clone(), String::new()))
        } else {
            orgs.get(&body.target_id).cloned()
        };
        let errors = match (source, &target) {
            (None, _) => row_error(
                "source_id",
                "exists",
                format!("no organisation '{}'", body.source_id),
            ),
            (_, None) => row_error(
                "target_id",
                "exists",
                format!("no organisation or region '{}'", body.target_id),
            ),
            (Some((s, _)), Some((t, _))) if s == t => row_error(
                "target_id",
                "self_loop",
                "both ends are the same organisation",
            ),
            (Some((_, so)), Some((_, to)))
                if !(who.may_change(so) || (!relocation && who.may_change(to))) =>
            {
                row_error(
                    "row",
                    "forbidden",
                    "a member may only record relationships of an organisation it owns",
                )
            }
            _ => vec![],
        };
        if !errors.is_empty() {
            reports.push(rejected(line, None, errors));
            continue;
        }
        let (source_id, target_id) = (
            source.map(|s| s.0.clone()).unwrap_or_default(),
            target.map(|t| t.0).unwrap_or_default(),
        );
        let id = content_id(body.kind, &source_id, &target_id, &props);
        if !seen.insert(id.clone()) {
            reports.push(rejected(
                line,
                Some(id),
                row_error("row", "duplicate_in_file", "an earlier row says the same"),
            ));
            continue;
        }
        let row = json!({"id": id, "source_id": source_id, "target_id": target_id, "props": props, "source": body.source});
        planned.push(Planned {
            line,
            kind: body.kind,
            id,
            row,
        });
    }
    let found = existing(db, &planned).await?;
    let mut writes: Vec<(RelKind, bool, Value)> = Vec::new();
    let mut entries = Vec::new();
    for p in planned {
        let status = match found.get(&p.id) {
            None => RowStatus::Created,
            Some(old)
                if !who.may_change(old.get("owner").and_then(Value::as_str).unwrap_or("admin")) =>
            {
                reports.push(rejected(
                    p.line,
                    Some(p.id),
                    row_error(
                        "row",
                        "forbidden",
                        "the existing relationship is owned by another organisation",
                    ),
                ));
                continue;
            }
            Some(old) => {
                let mut wanted = p.row["props"].as_object().cloned().unwrap_or_default();
                wanted.insert("source".into(), p.row["source"].clone());
                let same = wanted.iter().all(|(k, v)| old.get(k) == Some(v));
                if same {
                    RowStatus::Unchanged
                } else {
                    RowStatus::Updated
                }
            }
        };
        if status != RowStatus::Unchanged {
            let action = if status == RowStatus::Created {
                Action::Create
            } else {
                Action::Update
            };
            entries.push(batch_entry(&p.id, TARGET_KIND, action, &p.row));
            writes.push((p.kind, status == RowStatus::Created, p.row));
        }
        reports.push(RowReport {
            line: p.line,
            status,
            id: Some(p.id),
            errors: vec![],
        });
    }
    reports.sort_by_key(|r| r.line);
    let written = should_write(&reports, options);
    if written {
        write(db, who, writes, entries, progress).await?;
    }
    Ok(ImportReport {
        kind: ImportKind::Relationships,
        dry_run: options.dry_run,
        written,
        counts: Default::default(),
        rows: reports,
    })
}

async fn write(
    db: &Db,
    who: &Principal,
    writes: Vec<(RelKind, bool, Value)>,
    entries: Vec<Value>,
    progress: Progress,
) -> Result<(), ApiError> {
    let total = writes.len();
    let mut statements = Vec::new();
    for kind in RelKind::ALL {
        for create in [true, false] {
            let rows: Vec<Value> = writes
                .iter()
                .filter(|(k, c, _)| *k == kind && *c == create)
                .map(|(_, _, r)| r.clone())
                .collect();
            for chunk in rows.chunks(BATCH) {
                let statement = if create {
                    create_query(kind, who, chunk.to_vec())?
                } else {
                    query(&with_rel_type(UPDATE, kind))
                        .param("rows", bolt(Value::Array(chunk.to_vec()))?)
                };
                statements.push((chunk.len(), statement));
            }
        }
    }
    write_batches(db, who, statements, entries, total, progress).await
}
