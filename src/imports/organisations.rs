//! Importing enterprises (matched by USCC) and R&D sources (matched by name and region).

use std::collections::{HashMap, HashSet};

use neo4rs::query;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

use super::csv_rows::{self, Row};
use super::{
    field_errors, rejected, row_error, should_write, write_batches, ImportKind, ImportOptions,
    ImportReport, Progress, RowReport, RowStatus, BATCH,
};
use crate::auth::Principal;
use crate::db::{Db, DbError};
use crate::domain::OrgKind;
use crate::error::{ApiError, FieldError};
use crate::organisations::history::{batch_entry, new_id, Action};
use crate::organisations::input::{Draft, NewEnterprise, NewRdSource};
use crate::organisations::store::{bolt, create_query, kind_str};

const UPDATE: &str = include_str!("../../cypher/imports/organisations_update.cypher");
const EXISTING_ENTERPRISES: &str = include_str!("../../cypher/imports/existing_enterprises.cypher");
const EXISTING_RD_SOURCES: &str = include_str!("../../cypher/imports/existing_rd_sources.cypher");
const REFERENCE_IDS: &str = include_str!("../../cypher/imports/reference_ids.cypher");

pub const ENTERPRISE_COLUMNS: &[&str] = &[
    "uscc",
    "name_zh",
    "name_en",
    "region",
    "scale",
    "tags",
    "description",
    "park",
    "source",
];
pub const RD_SOURCE_COLUMNS: &[&str] = &[
    "rd_kind",
    "name_zh",
    "name_en",
    "region",
    "description",
    "park",
    "source",
];

struct Planned {
    line: usize,
    key: String,
    draft: Draft,
}

struct Existing {
    id: String,
    owner: String,
    props: Map<String, Value>,
    park: Option<String>,
}

pub(super) fn parse_as<T: DeserializeOwned>(
    cells: Map<String, Value>,
) -> Result<T, Vec<FieldError>> {
    serde_path_to_error::deserialize(Value::Object(cells)).map_err(|e| {
        let field = e.path().to_string();
        row_error(
            if field == "." { "row" } else { &field },
            "schema",
            e.inner().to_string(),
        )
    })
}

fn to_draft(kind: ImportKind, cells: Map<String, Value>) -> Result<Draft, Vec<FieldError>> {
    let draft = match kind {
        ImportKind::Enterprises => parse_as::<NewEnterprise>(cells)?.into_draft(),
        _ => parse_as::<NewRdSource>(cells)?.into_draft(),
    };
    draft.map_err(field_errors)
}

fn key_of(draft: &Draft) -> String {
    match draft.kind {
        OrgKind::Enterprise => draft.props["uscc"].as_str().unwrap_or_default().to_owned(),
        OrgKind::RdSource => format!(
            "{}|{}",
            draft.region.as_deref().unwrap_or(""),
            draft.props["name_zh"].as_str().unwrap_or("")
        ),
    }
}

pub(super) async fn reference_ids(db: &Db) -> Result<(HashSet<String>, HashSet<String>), DbError> {
    let rows = db.rows(query(REFERENCE_IDS)).await?;
    let row = rows
        .first()
        .ok_or_else(|| DbError::Decode("no reference row".into()))?;
    Ok((
        row.get::<Vec<String>>("regions")?.into_iter().collect(),
        row.get::<Vec<String>>("parks")?.into_iter().collect(),
    ))
}

async fn existing(
    db: &Db,
    kind: OrgKind,
    planned: &[Planned],
) -> Result<HashMap<String, Existing>, DbError> {
    let q = match kind {
        OrgKind::Enterprise => query(EXISTING_ENTERPRISES).param(
            "keys",
            planned.iter().map(|p| p.key.clone()).collect::<Vec<_>>(),
        ),
        OrgKind::RdSource => {
            let keys: Vec<Value> = planned.iter().map(|p| json!({"key": p.key, "region": p.draft.region, "name_zh": p.draft.props["name_zh"]})).collect();
            query(EXISTING_RD_SOURCES).param("keys", bolt(Value::Array(keys))?)
        }
    };
    let mut found = HashMap::new();
    for row in db.rows(q).await? {
        let props: Value = row.get("props")?;
        let existing = Existing {
            id: row.get("id")?,
            owner: row.get("owner")?,
            props: props.as_object().cloned().unwrap_or_default(),
            park: row.get("park")?,
        };
        found.insert(row.get::<String>("key")?, existing);
    }
    Ok(found)
}

/// `{field: {from, to}}` for every field the row would change.
fn changes(old: &Existing, draft: &Draft) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, to) in draft.props.iter().filter(|(k, _)| k.as_str() != "name_key") {
        let from = old.props.get(key).cloned().unwrap_or(Value::Null);
        let same = from == *to || (from.is_null() && to.as_array().is_some_and(|a| a.is_empty()));
        if !same {
            out.insert(key.clone(), json!({"from": from, "to": to}));
        }
    }
    let region = old.props.get("region_code").cloned().unwrap_or(Value::Null);
    if region != json!(draft.region) {
        out.insert(
            "region_code".into(),
            json!({"from": region, "to": draft.region}),
        );
    }
    let park = draft.park.clone().flatten();
    if old.park != park {
        out.insert("park".into(), json!({"from": old.park, "to": park}));
    }
    out
}

pub async fn import(
    db: &Db,
    who: &Principal,
    kind: ImportKind,
    text: &[u8],
    options: ImportOptions,
    progress: Progress,
) -> Result<ImportReport, ApiError> {
    let (columns, required, org_kind) = match kind {
        ImportKind::Enterprises => (
            ENTERPRISE_COLUMNS,
            &["uscc", "name_zh", "region"][..],
            OrgKind::Enterprise,
        ),
        _ => (
            RD_SOURCE_COLUMNS,
            &["rd_kind", "name_zh", "region"][..],
            OrgKind::RdSource,
        ),
    };
    let rows = csv_rows::parse(text, columns, required)?;
    let (regions, parks) = reference_ids(db).await?;
    let mut reports = Vec::new();
    let mut planned = Vec::new();
    let mut seen = HashSet::new();
    for Row { line, cells } in rows {
        let draft = match to_draft(kind, cells) {
            Ok(d) => d,
            Err(errors) => {
                reports.push(rejected(line, None, errors));
                continue;
            }
        };
        let region = draft.region.clone().unwrap_or_default();
        let park = draft.park.clone().flatten();
        let key = key_of(&draft);
        let errors = if !regions.contains(&region) {
            row_error("region", "exists", format!("unknown region code {region}"))
        } else if park.as_ref().is_some_and(|p| !parks.contains(p)) {
            row_error("park", "exists", "unknown park")
        } else if !seen.insert(key.clone()) {
            row_error(
                "row",
                "duplicate_in_file",
                "an earlier row names the same record",
            )
        } else {
            vec![]
        };
        if errors.is_empty() {
            planned.push(Planned { line, key, draft });
        } else {
            reports.push(rejected(line, None, errors));
        }
    }
    let found = existing(db, org_kind, &planned).await?;
    let (mut creates, mut updates, mut entries) = (Vec::new(), Vec::new(), Vec::new());
    let target_kind = kind_str(org_kind);
    for p in planned {
        let park = p.draft.park.clone().flatten();
        let row_json = |id: &str| json!({"id": id, "props": p.draft.props, "region": p.draft.region, "park": park});
        match found.get(&p.key) {
            Some(old) if !who.may_change(&old.owner) => reports.push(rejected(
                p.line,
                Some(old.id.clone()),
                row_error(
                    "row",
                    "forbidden",
                    "the existing record is owned by another organisation",
                ),
            )),
            Some(old) => {
                let diff = changes(old, &p.draft);
                let status = if diff.is_empty() {
                    RowStatus::Unchanged
                } else {
                    RowStatus::Updated
                };
                if status == RowStatus::Updated {
                    updates.push(row_json(&old.id));
                    entries.push(batch_entry(
                        &old.id,
                        target_kind,
                        Action::Update,
                        &Value::Object(diff),
                    ));
                }
                reports.push(RowReport {
                    line: p.line,
                    status,
                    id: Some(old.id.clone()),
                    errors: vec![],
                });
            }
            None => {
                let id = new_id(if org_kind == OrgKind::Enterprise {
                    "ent"
                } else {
                    "rd"
                });
                creates.push(row_json(&id));
                entries.push(batch_entry(
                    &id,
                    target_kind,
                    Action::Create,
                    &Value::Object(p.draft.props.clone()),
                ));
                reports.push(RowReport {
                    line: p.line,
                    status: RowStatus::Created,
                    id: Some(id),
                    errors: vec![],
                });
            }
        }
    }
    reports.sort_by_key(|r| r.line);
    let written = should_write(&reports, options);
    if written {
        write(db, who, org_kind, creates, updates, entries, progress).await?;
    }
    Ok(ImportReport {
        kind,
        dry_run: options.dry_run,
        written,
        counts: Default::default(),
        rows: reports,
    })
}

async fn write(
    db: &Db,
    who: &Principal,
    kind: OrgKind,
    creates: Vec<Value>,
    updates: Vec<Value>,
    entries: Vec<Value>,
    progress: Progress,
) -> Result<(), ApiError> {
    let total = creates.len() + updates.len();
    let mut statements = Vec::new();
    for chunk in creates.chunks(BATCH) {
        statements.push((chunk.len(), create_query(kind, who, chunk.to_vec())?));
    }
    for chunk in updates.chunks(BATCH) {
        statements.push((
            chunk.len(),
            query(UPDATE).param("rows", bolt(Value::Array(chunk.to_vec()))?),
        ));
    }
    write_batches(db, who, statements, entries, total, progress).await
}
