//! Importing enterprises (matched by USCC) and R&D sources (matched by name and region).

use std::collections::{HashMap, HashSet};

use neo4rs::query;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::csv_rows::{self, Row};
use super::plan::{field_errors, parse_cells, write_all, Plan};
use super::{ImportKind, Progress, BATCH};
use crate::auth::Principal;
use crate::changelog::{Action, Entry};
use crate::db::{to_bolt, Db, DbError};
use crate::domain::{new_id, OrgKind};
use crate::error::{Error, FieldError};
use crate::organisations::input::{
    NewEnterprise, NewOrganisation, NewRdSource, PropsPatch, Registration,
};
use crate::organisations::store::{create_query, update_query, CreateRow, UpdateRow};

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

type OrgPlan = Plan<CreateRow, UpdateRow>;

/// A record the file names that the database already holds.
struct Existing {
    id: String,
    owner: String,
    props: Map<String, Value>,
    park: Option<String>,
}

/// How `existing_rd_sources.cypher` looks a row up.
#[derive(Serialize)]
struct RdSourceKey<'a> {
    key: String,
    region: &'a str,
    name_zh: &'a str,
}

#[derive(Deserialize)]
struct ReferenceIds {
    regions: Vec<String>,
    parks: Vec<String>,
}

fn org_kind(kind: ImportKind) -> OrgKind {
    match kind {
        ImportKind::RdSources => OrgKind::RdSource,
        _ => OrgKind::Enterprise,
    }
}

fn checked(
    kind: ImportKind,
    cells: Map<String, Value>,
) -> Result<NewOrganisation, Vec<FieldError>> {
    let new = match kind {
        ImportKind::RdSources => parse_cells::<NewRdSource>(cells)?.into_new(),
        _ => parse_cells::<NewEnterprise>(cells)?.into_new(),
    };
    new.map_err(field_errors)
}

async fn reference_ids(db: &Db) -> Result<(HashSet<String>, HashSet<String>), DbError> {
    let rows = db.rows(query(REFERENCE_IDS)).await?;
    let row = rows
        .first()
        .ok_or_else(|| DbError::Decode("no reference row".into()))?;
    let ids: ReferenceIds = row.to()?;
    Ok((
        ids.regions.into_iter().collect(),
        ids.parks.into_iter().collect(),
    ))
}

/// The rows that pass every check that needs no lookup of existing records.
async fn checked_rows(
    db: &Db,
    kind: ImportKind,
    rows: Vec<Row>,
    plan: &mut OrgPlan,
) -> Result<Vec<(usize, NewOrganisation)>, Error> {
    let (regions, parks) = reference_ids(db).await?;
    let mut seen = HashSet::new();
    let mut valid = Vec::new();
    for Row { line, cells } in rows {
        let new = match checked(kind, cells) {
            Ok(new) => new,
            Err(errors) => {
                plan.reject(line, None, errors);
                continue;
            }
        };
        let refusal = if !regions.contains(new.region.as_str()) {
            Some(("region", "exists", "unknown region code"))
        } else if new.park.as_ref().is_some_and(|p| !parks.contains(p)) {
            Some(("park", "exists", "unknown park"))
        } else if !seen.insert(new.natural_key()) {
            let why = "an earlier row names the same record";
            Some(("row", "duplicate_in_file", why))
        } else {
            None
        };
        match refusal {
            Some((field, rule, why)) => plan.refuse(line, None, field, rule, why),
            None => valid.push((line, new)),
        }
    }
    Ok(valid)
}

async fn existing(
    db: &Db,
    kind: OrgKind,
    rows: &[(usize, NewOrganisation)],
) -> Result<HashMap<String, Existing>, DbError> {
    let q = match kind {
        OrgKind::Enterprise => {
            let keys: Vec<String> = rows.iter().map(|(_, n)| n.natural_key()).collect();
            query(EXISTING_ENTERPRISES).param("keys", keys)
        }
        OrgKind::RdSource => {
            let keys: Vec<RdSourceKey> = rows
                .iter()
                .map(|(_, n)| RdSourceKey {
                    key: n.natural_key(),
                    region: n.region.as_str(),
                    name_zh: &n.props.name_zh,
                })
                .collect();
            query(EXISTING_RD_SOURCES).param("keys", to_bolt(&keys)?)
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
fn changes(old: &Existing, new: &NewOrganisation) -> Map<String, Value> {
    let mut out = Map::new();
    let props = serde_json::to_value(&new.props).unwrap_or_default();
    let mut note = |key: &str, from: Value, to: Value| {
        let empty_list = from.is_null() && to.as_array().is_some_and(|a| a.is_empty());
        if from != to && !empty_list {
            out.insert(key.to_owned(), json!({"from": from, "to": to}));
        }
    };
    for (key, to) in props.as_object().into_iter().flatten() {
        if key != "name_key" {
            note(
                key,
                old.props.get(key).cloned().unwrap_or(Value::Null),
                to.clone(),
            );
        }
    }
    let region = old.props.get("region_code").cloned().unwrap_or(Value::Null);
    note("region_code", region, json!(new.region));
    note("park", json!(old.park), json!(new.park));
    out
}

/// Parses and checks the file and decides what each row does.
pub async fn plan(
    db: &Db,
    who: &Principal,
    kind: ImportKind,
    text: &[u8],
) -> Result<OrgPlan, Error> {
    let (columns, required) = match kind {
        ImportKind::RdSources => (RD_SOURCE_COLUMNS, &["rd_kind", "name_zh", "region"][..]),
        _ => (ENTERPRISE_COLUMNS, &["uscc", "name_zh", "region"][..]),
    };
    let rows = csv_rows::parse(text, columns, required)?;
    let mut plan = OrgPlan::default();
    let valid = checked_rows(db, kind, rows, &mut plan).await?;
    let kind = org_kind(kind);
    let found = existing(db, kind, &valid).await?;
    for (line, new) in valid {
        match found.get(&new.natural_key()) {
            Some(old) if !who.may_change(&old.owner) => {
                let why = "the existing record is owned by another organisation";
                plan.refuse(line, Some(old.id.clone()), "row", "forbidden", why);
            }
            Some(old) => {
                let diff = changes(old, &new);
                if diff.is_empty() {
                    plan.unchanged(line, old.id.clone());
                    continue;
                }
                let entry = Entry::new(&old.id, kind.into(), Action::Update, &Value::Object(diff));
                let row = UpdateRow {
                    id: old.id.clone(),
                    props: PropsPatch::from(new.props),
                    region: Some(new.region),
                    set_park: true,
                    park: new.park,
                };
                plan.update(line, old.id.clone(), row, entry);
            }
            None => {
                let id = new_id(kind.id_prefix());
                let snapshot = serde_json::to_value(&new.props).unwrap_or_default();
                let entry = Entry::new(&id, kind.into(), Action::Create, &snapshot);
                let row = CreateRow {
                    id: id.clone(),
                    props: new.props,
                    region: new.region,
                    park: new.park,
                };
                plan.create(line, id, row, entry);
            }
        }
    }
    Ok(plan)
}

pub async fn write(
    db: &Db,
    who: &Principal,
    kind: ImportKind,
    plan: &OrgPlan,
    progress: Progress,
) -> Result<(), Error> {
    let mut statements = Vec::new();
    for chunk in plan.creates.chunks(BATCH) {
        statements.push((chunk.len(), create_query(org_kind(kind), who, chunk)?));
    }
    for chunk in plan.updates.chunks(BATCH) {
        statements.push((chunk.len(), update_query(chunk, who)?));
    }
    Ok(write_all(db, who, statements, &plan.entries, progress).await?)
}
