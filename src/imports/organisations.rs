//! Importing enterprises (matched by USCC) and R&D sources (matched by name and region).
//! Curators (admin keys) may also give a row's `id` (kept when the record is created) and mark
//! it `synthetic` (never verified).

use std::collections::{HashMap, HashSet};

use neo4rs::query;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::csv_rows::Row;
use super::matching::{self, Prepared, TiedRecord};
use super::plan::{field_errors, parse_cells, write_all, Plan};
use super::region_names::{ReferenceIds, RegionNames};
use super::{ImportKind, Importer, Seen};
use crate::auth::{Principal, Role};
use crate::changelog::{Action, Entry};
use crate::db::{to_bolt, Db, DbError};
use crate::domain::{new_id, OrgId, OrgKind};
use crate::error::{Error, FieldError};
use crate::organisations::input::{
    Edit, EnterprisePatch, NewEnterprise, NewOrganisation, NewRdSource, OrganisationPatch,
    PropsPatch, RdSourcePatch, Registration,
};
use crate::organisations::store::{create_query, update_query, CreateRow, UpdateRow};

const EXISTING_ENTERPRISES: &str = include_str!("../../cypher/imports/existing_enterprises.cypher");
const EXISTING_RD_SOURCES: &str = include_str!("../../cypher/imports/existing_rd_sources.cypher");
const IDS_TAKEN: &str = include_str!("../../cypher/imports/ids_taken.cypher");

pub const ENTERPRISE_COLUMNS: &[&str] = &[
    "id",
    "match",
    "uscc",
    "name_zh",
    "name_en",
    "region",
    "scale",
    "tags",
    "description",
    "park",
    "source",
    "synthetic",
];
pub const RD_SOURCE_COLUMNS: &[&str] = &[
    "id",
    "match",
    "rd_kind",
    "name_zh",
    "name_en",
    "region",
    "description",
    "park",
    "source",
    "synthetic",
];

type OrgPlan = Plan<CreateRow, UpdateRow>;

/// The importer of one organisation kind.
pub struct Organisations(OrgKind);

impl Organisations {
    pub fn of(kind: ImportKind) -> Self {
        match kind {
            ImportKind::RdSources => Organisations(OrgKind::RdSource),
            _ => Organisations(OrgKind::Enterprise),
        }
    }
}

/// A record the file names that the database already holds.
struct Existing {
    id: String,
    owner: String,
    props: Map<String, Value>,
    park: Option<String>,
}

/// A row that passed its own checks.
struct Checked {
    line: usize,
    new: NewOrganisation,
    /// The id a curator gave it, if any.
    id: Option<OrgId>,
    synthetic: bool,
    /// Reconciliation found several records it may be: it must not become a new one.
    ambiguous: bool,
}

/// How `existing_rd_sources.cypher` looks a row up.
#[derive(Serialize)]
struct RdSourceKey<'a> {
    key: String,
    region: &'a str,
    name_zh: &'a str,
}

/// Takes the curator-only columns out of a row's cells.
fn curated(
    cells: &mut Map<String, Value>,
    who: &Principal,
) -> Result<(Option<OrgId>, bool), Vec<FieldError>> {
    let id = cells.remove("id");
    let synthetic = cells.remove("synthetic");
    if who.role != Role::Admin && (id.is_some() || synthetic.is_some()) {
        let why = "only a curator (admin key) may give ids or mark rows synthetic";
        return Err(vec![FieldError::new("row", "forbidden", why)]);
    }
    let id = match id {
        None => None,
        Some(v) => Some(
            OrgId::parse(v.as_str().unwrap_or_default())
                .map_err(|e| vec![FieldError::new("id", e.rule, e.message)])?,
        ),
    };
    let synthetic = match synthetic {
        None => false,
        Some(Value::Bool(b)) => b,
        Some(_) => {
            return Err(vec![FieldError::new(
                "synthetic",
                "schema",
                "true or false",
            )]);
        }
    };
    Ok((id, synthetic))
}

impl Organisations {
    fn check(
        &self,
        who: &Principal,
        mut cells: Map<String, Value>,
    ) -> Result<Checked, Vec<FieldError>> {
        let (id, synthetic) = curated(&mut cells, who)?;
        let new = match self.0 {
            OrgKind::RdSource => parse_cells::<NewRdSource>(cells)?.into_new(),
            OrgKind::Enterprise => parse_cells::<NewEnterprise>(cells)?.into_new(),
        }
        .map_err(field_errors)?;
        Ok(Checked {
            line: 0,
            new,
            id,
            synthetic,
            ambiguous: false,
        })
    }

    async fn existing(
        &self,
        db: &Db,
        rows: &[Checked],
    ) -> Result<HashMap<String, Existing>, DbError> {
        let q = match self.0 {
            OrgKind::Enterprise => {
                let keys: Vec<String> = rows.iter().map(|c| c.new.natural_key()).collect();
                query(EXISTING_ENTERPRISES).param("keys", keys)
            }
            OrgKind::RdSource => {
                let keys: Vec<RdSourceKey> = rows
                    .iter()
                    .map(|c| RdSourceKey {
                        key: c.new.natural_key(),
                        region: c.new.region.as_str(),
                        name_zh: &c.new.props.name_zh,
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
}

/// Why a row is refused: its field, the rule and the reason.
type Refusal = (&'static str, &'static str, &'static str);

/// The refusal of a row whose park is unknown, or that names a record an earlier row named.
fn park_or_repeat(
    park: Option<&str>,
    parks: &HashSet<String>,
    seen: &mut Seen,
    key: &str,
) -> Option<Refusal> {
    if park.is_some_and(|p| !parks.contains(p)) {
        Some(("park", "exists", "unknown park"))
    } else if !seen.first(key) {
        let why = "an earlier row names the same record";
        Some(("row", "duplicate_in_file", why))
    } else {
        None
    }
}

async fn reference_ids(db: &Db) -> Result<(RegionNames, HashSet<String>), DbError> {
    let ids = ReferenceIds::load(db).await?;
    Ok((
        RegionNames::new(&ids.regions),
        ids.parks.into_iter().collect(),
    ))
}

/// Of the ids curators gave, those another record already has.
async fn ids_taken(db: &Db, rows: &[Checked]) -> Result<HashSet<String>, DbError> {
    let ids: Vec<&str> = rows
        .iter()
        .filter_map(|c| c.id.as_ref())
        .map(OrgId::as_str)
        .collect();
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let taken: Vec<String> = db.column(query(IDS_TAKEN).param("ids", ids), "id").await?;
    Ok(taken.into_iter().collect())
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
        if key != "name_key" && key != "match_text" {
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

impl Importer for Organisations {
    type Create = CreateRow;
    type Update = UpdateRow;

    fn columns(&self) -> (&'static [&'static str], &'static [&'static str]) {
        match self.0 {
            // A row tied to its record by name may leave out its USCC, kind and region.
            OrgKind::RdSource => (RD_SOURCE_COLUMNS, &["name_zh"]),
            OrgKind::Enterprise => (ENTERPRISE_COLUMNS, &["name_zh"]),
        }
    }

    async fn plan(
        &self,
        db: &Db,
        who: &Principal,
        rows: Vec<Row>,
        seen: &mut Seen,
        only_refusals: bool,
    ) -> Result<OrgPlan, Error> {
        let (regions, parks) = reference_ids(db).await?;
        let mut plan = OrgPlan::default();
        let mut valid = Vec::new();
        for prepared in matching::prepare(db, self.0, rows, &regions).await? {
            let Prepared {
                line,
                cells,
                matched,
                candidates,
                ambiguous,
                new,
                tied,
                refused,
            } = prepared;
            plan.note(line, matched, candidates);
            if !refused.is_empty() {
                plan.reject(line, None, refused);
                continue;
            }
            if let Some(record) = tied {
                self.plan_tied(&mut plan, who, (line, cells), record, (&parks, seen));
                continue;
            }
            let checked = match self.check(who, cells) {
                Ok(c) => Checked {
                    line,
                    ambiguous: ambiguous && !new,
                    ..c
                },
                Err(errors) => {
                    plan.reject(line, None, errors);
                    continue;
                }
            };
            let new = &checked.new;
            let refusal = if !regions.contains(new.region.as_str()) {
                Some(("region", "exists", "unknown region code"))
            } else {
                park_or_repeat(new.park.as_deref(), &parks, seen, &new.natural_key())
            };
            match refusal {
                Some((field, rule, why)) => plan.refuse(line, None, field, rule, why),
                None => valid.push(checked),
            }
        }
        // Even a curator's row is refused when its id names another record: look it up.
        let _ = only_refusals;
        let found = self.existing(db, &valid).await?;
        let taken = ids_taken(db, &valid).await?;
        for c in valid {
            self.decide(&mut plan, who, found.get(&c.new.natural_key()), &taken, c);
        }
        Ok(plan)
    }

    async fn write(&self, db: &Db, who: &Principal, plan: &OrgPlan) -> Result<(), Error> {
        let mut statements = Vec::new();
        for chunk in plan.creates.chunks(super::plan::BATCH) {
            statements.push(create_query(self.0, who, chunk)?);
        }
        for chunk in plan.updates.chunks(super::plan::BATCH) {
            statements.push(update_query(chunk, who)?);
        }
        Ok(write_all(db, who, statements, &plan.entries).await?)
    }
}

impl Organisations {
    /// Create, update, leave or refuse one row given the record it names, if any.
    fn decide(
        &self,
        plan: &mut OrgPlan,
        who: &Principal,
        old: Option<&Existing>,
        taken: &HashSet<String>,
        c: Checked,
    ) {
        let kind = self.0;
        match old {
            Some(old) if !who.may_change(&old.owner) => {
                let why = "the existing record is owned by another organisation";
                plan.refuse(c.line, Some(old.id.clone()), "row", "forbidden", why);
            }
            Some(old) if c.id.as_ref().is_some_and(|id| id.as_str() != old.id) => {
                let why = format!("the record this row names has the id '{}'", old.id);
                plan.refuse(c.line, Some(old.id.clone()), "id", "mismatch", &why);
            }
            Some(old) => {
                let diff = changes(old, &c.new);
                if diff.is_empty() {
                    plan.unchanged(c.line, old.id.clone());
                    return;
                }
                let entry =
                    Entry::organisation(&old.id, kind, Action::Update, &Value::Object(diff));
                let row = UpdateRow {
                    id: old.id.clone(),
                    props: PropsPatch::from(c.new.props),
                    region: Some(c.new.region),
                    set_park: true,
                    park: c.new.park,
                };
                plan.update(c.line, old.id.clone(), row, entry);
            }
            None if c.id.as_ref().is_some_and(|id| taken.contains(id.as_str())) => {
                let why = "another record already has this id";
                plan.refuse(c.line, None, "id", "exists", why);
            }
            None if c.ambiguous => {
                let why = "several registered records match this name: name the one it is in \
                           the match column (its id), or write new (新建)";
                plan.refuse(c.line, None, "match", "ambiguous", why);
            }
            None => {
                let id =
                    c.id.map_or_else(|| new_id(kind.id_prefix()), |id| id.to_string());
                let snapshot = c.new.snapshot(who, c.synthetic);
                let entry = Entry::organisation(&id, kind, Action::Create, &snapshot);
                let row = CreateRow {
                    id: id.clone(),
                    props: c.new.props,
                    region: c.new.region,
                    park: c.new.park,
                    synthetic: c.synthetic,
                };
                plan.create(c.line, id, row, entry);
            }
        }
    }
}

/// `{field: {from, to}}` for every field an edit of a tied record changes.
fn patch_changes(record: &TiedRecord, patch: &OrganisationPatch) -> Map<String, Value> {
    let mut out = Map::new();
    let props = serde_json::to_value(&patch.props).unwrap_or_default();
    for (key, to) in props.as_object().into_iter().flatten() {
        let from = record.props.get(key).cloned().unwrap_or(Value::Null);
        if key != "name_key" && key != "match_text" && &from != to {
            out.insert(key.to_owned(), json!({"from": from, "to": to}));
        }
    }
    if let Some(park) = &patch.park {
        if park != &record.park {
            out.insert("park".into(), json!({"from": record.park, "to": park}));
        }
    }
    out
}

/// An edit that gives an English name renews what reconciliation finds the record by.
fn renamed(mut props: PropsPatch, record: &TiedRecord) -> PropsPatch {
    if let Some(name_en) = &props.name_en {
        let text = |key: &str| record.props.get(key).and_then(Value::as_str);
        let names = [text("name_zh"), name_en.as_deref(), text("legal_name")];
        props.match_text = Some(crate::domain::names::match_text(&names));
    }
    props
}

impl Organisations {
    fn patch(
        &self,
        who: &Principal,
        mut cells: Map<String, Value>,
    ) -> Result<OrganisationPatch, Vec<FieldError>> {
        curated(&mut cells, who)?;
        match self.0 {
            OrgKind::RdSource => parse_cells::<RdSourcePatch>(cells)?.into_patch(),
            OrgKind::Enterprise => parse_cells::<EnterprisePatch>(cells)?.into_patch(),
        }
        .map_err(field_errors)
    }

    /// A row tied to its record by name or by choice: an edit of that record.
    fn plan_tied(
        &self,
        plan: &mut OrgPlan,
        who: &Principal,
        (line, cells): (usize, Map<String, Value>),
        record: TiedRecord,
        (parks, seen): (&HashSet<String>, &mut Seen),
    ) {
        let id = Some(record.id.clone());
        let patch = match self.patch(who, cells) {
            Ok(patch) => patch,
            Err(errors) => return plan.reject(line, id, errors),
        };
        let diff = patch_changes(&record, &patch);
        // Naming another organisation's record in a list is fine; changing it is not.
        let refusal = if !diff.is_empty() && !who.may_change(&record.owner) {
            Some((
                "row",
                "forbidden",
                "the existing record is owned by another organisation",
            ))
        } else {
            let park = patch.park.clone().flatten();
            park_or_repeat(park.as_deref(), parks, seen, &record.id)
        };
        if let Some((field, rule, why)) = refusal {
            return plan.refuse(line, id, field, rule, why);
        }
        if diff.is_empty() {
            return plan.unchanged(line, record.id);
        }
        let entry = Entry::organisation(&record.id, self.0, Action::Update, &Value::Object(diff));
        let row = UpdateRow {
            id: record.id.clone(),
            props: renamed(patch.props, &record),
            region: None,
            set_park: patch.park.is_some(),
            park: patch.park.flatten(),
        };
        plan.update(line, record.id, row, entry);
    }
}
