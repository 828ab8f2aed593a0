//! Importing relationships. Ends are named by organisation id or by USCC; a relationship's id
//! is derived from what it says (kind, ends, product or technology, mode, year), so importing
//! the same file again finds every row already there.

use std::collections::{HashMap, HashSet};

use neo4rs::query;
use serde::Serialize;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::csv_rows::Row;
use super::plan::{field_errors, parse_cells, write_all, Plan, BATCH};
use super::region_names::{ReferenceIds, RegionNames};
use super::{Importer, Seen};
use crate::auth::{Principal, Role};
use crate::changelog::{Action, Entry};
use crate::db::{to_bolt, Db, DbError};
use crate::domain::{RegionCode, RelKind};
use crate::error::{Error, FieldError};
use crate::reconcile::{ListRow, ReconcileCandidate};
use crate::relationships::input::{NewRelationship, RelProps, RelationshipRow};
use crate::relationships::store::create_query;

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
    "synthetic",
    "source_region",
    "target_region",
];
const REQUIRED: &[&str] = &["kind", "source_id", "target_id", "source"];

/// A row to write, with the kind that decides its statement.
pub struct KindRow {
    kind: RelKind,
    row: RelationshipRow,
}

/// A row as `update.cypher` takes it: its type picks the index to find it by.
#[derive(Serialize)]
struct Typed<'a> {
    #[serde(rename = "type")]
    rel_type: &'static str,
    #[serde(flatten)]
    row: &'a RelationshipRow,
}

type RelPlan = Plan<KindRow, KindRow>;

/// A row that passed its own checks: its line, body and properties.
struct Parsed {
    line: usize,
    body: NewRelationship,
    props: RelProps,
    synthetic: bool,
    /// Where the list puts an end it names by name (evidence for reconciling it).
    regions: (Option<String>, Option<String>),
}

/// How an end named by name is looked up: the name and the region the row gives it.
fn by_name(reference: &str, region: Option<&String>) -> String {
    format!("{reference}\u{1}{}", region.map_or("", String::as_str))
}

/// How `existing.cypher` finds a relationship: by its type's index on `id`.
#[derive(Serialize)]
struct Lookup<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    rel_type: &'static str,
}

fn content_id(kind: RelKind, source: &str, target: &str, props: &RelProps) -> String {
    let mut h = Sha256::new();
    for part in [kind.rel_type(), source, target] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let json = serde_json::to_value(props).unwrap_or_default();
    for key in ["product", "technology", "mode", "year"] {
        let value = json.get(key).map(Value::to_string).unwrap_or_default();
        h.update(value.as_bytes());
        h.update([0]);
    }
    format!("rel-{}", &hex::encode(h.finalize())[..16])
}

/// Organisation id and owner for every reference (id or USCC) that names one.
async fn resolve(db: &Db, refs: Vec<String>) -> Result<HashMap<String, (String, String)>, DbError> {
    let rows = db.rows(query(RESOLVE).param("refs", refs)).await?;
    rows.iter()
        .map(|r| Ok((r.get("ref")?, (r.get("id")?, r.get("owner")?))))
        .collect()
}

async fn existing(
    db: &Db,
    rows: &[(RelKind, &RelationshipRow)],
) -> Result<HashMap<String, Map<String, Value>>, DbError> {
    let lookups: Vec<Lookup> = rows
        .iter()
        .map(|(kind, r)| Lookup {
            id: &r.id,
            rel_type: kind.rel_type(),
        })
        .collect();
    let mut found = HashMap::new();
    for row in db
        .rows(query(EXISTING).param("rows", to_bolt(&lookups)?))
        .await?
    {
        let props: Value = row.get("props")?;
        found.insert(
            row.get("id")?,
            props.as_object().cloned().unwrap_or_default(),
        );
    }
    Ok(found)
}

fn parse_rows(
    who: &Principal,
    rows: Vec<Row>,
    names: &RegionNames,
    plan: &mut RelPlan,
) -> Vec<Parsed> {
    let mut parsed = Vec::new();
    'rows: for Row { line, mut cells } in rows {
        // An end's region, as a code or as its name (唐山市, 河北省唐山市路北区).
        let mut regions = [None, None];
        for (slot, column) in regions.iter_mut().zip(["source_region", "target_region"]) {
            let cell = match cells.remove(column) {
                Some(Value::String(text)) => text,
                Some(other) => other.to_string(),
                None => continue,
            };
            match names.code_of(&cell) {
                Ok(code) => *slot = Some(code),
                Err(e) => {
                    plan.refuse(line, None, column, &e.rule, &e.message);
                    continue 'rows;
                }
            }
        }
        let [source_region, target_region] = regions;
        let synthetic = match cells.remove("synthetic") {
            None => false,
            Some(Value::Bool(true)) if who.role == Role::Admin => true,
            Some(Value::Bool(false)) => false,
            Some(Value::Bool(true)) => {
                let why = "only a curator (admin key) may mark rows synthetic";
                plan.refuse(line, None, "synthetic", "forbidden", why);
                continue;
            }
            Some(_) => {
                plan.refuse(line, None, "synthetic", "schema", "true or false");
                continue;
            }
        };
        let body = match parse_cells::<NewRelationship>(cells) {
            Ok(b) => b,
            Err(errors) => {
                plan.reject(line, None, errors);
                continue;
            }
        };
        match body.checked_props() {
            Ok(props) => parsed.push(Parsed {
                line,
                body,
                props,
                synthetic,
                regions: (source_region, target_region),
            }),
            Err(e) => plan.reject(line, None, field_errors(e)),
        }
    }
    parsed
}

/// The ends of each row as stored ids, or the reason the row is refused. An end a row names by
/// neither id nor USCC is read as a name (with the row's `source_region` / `target_region`) and
/// reconciled: a confident match is that organisation; otherwise the row is refused and its
/// report lists the candidates.
struct Ends {
    orgs: HashMap<String, (String, String)>,
    regions: HashSet<String>,
    /// Names (`by_name`) reconciled to no one record, with what they may be.
    unsure: HashMap<String, Vec<ReconcileCandidate>>,
}

impl Ends {
    async fn load(db: &Db, parsed: &[Parsed], names: &RegionNames) -> Result<Self, Error> {
        let mut refs = Vec::new();
        let mut codes = Vec::new();
        for p in parsed {
            refs.push(p.body.source_id.clone());
            if p.body.kind == RelKind::RelocatedFrom {
                codes.push(p.body.target_id.clone());
            } else {
                refs.push(p.body.target_id.clone());
            }
        }
        let mut ends = Ends {
            orgs: resolve(db, refs).await?,
            // Relocation targets are region codes: those the seeded divisions hold.
            regions: codes.into_iter().filter(|c| names.contains(c)).collect(),
            unsure: HashMap::new(),
        };
        ends.reconcile_names(db, parsed).await?;
        Ok(ends)
    }

    /// Reconciles the ends named by name, in one request for the chunk.
    async fn reconcile_names(&mut self, db: &Db, parsed: &[Parsed]) -> Result<(), Error> {
        let mut named: Vec<(String, ListRow)> = Vec::new();
        for p in parsed {
            let mut ends = vec![(&p.body.source_id, p.regions.0.as_ref())];
            if p.body.kind != RelKind::RelocatedFrom {
                ends.push((&p.body.target_id, p.regions.1.as_ref()));
            }
            for (reference, region) in ends {
                let key = by_name(reference, region);
                if self.orgs.contains_key(reference) || named.iter().any(|(k, _)| *k == key) {
                    continue;
                }
                let region = region.filter(|r| RegionCode::parse(r).is_ok()).cloned();
                named.push((
                    key,
                    ListRow {
                        name: reference.clone(),
                        region,
                        uscc: None,
                        kind: None,
                        address: None,
                    },
                ));
            }
        }
        for batch in named.chunks(crate::reconcile::MAX_ROWS) {
            let rows: Vec<ListRow> = batch.iter().map(|(_, r)| r.clone()).collect();
            let answer = crate::reconcile::propose(db, &rows).await?;
            let mut matched = Vec::new();
            for ((key, _), result) in batch.iter().zip(answer.results) {
                match result.id {
                    Some(id) if result.matched => matched.push((key.clone(), id)),
                    _ => {
                        self.unsure.insert(key.clone(), result.candidates);
                    }
                }
            }
            let ids: Vec<String> = matched.iter().map(|(_, id)| id.clone()).collect();
            let owners = resolve(db, ids).await?;
            for (key, id) in matched {
                if let Some(found) = owners.get(&id) {
                    self.orgs.insert(key, found.clone());
                }
            }
        }
        Ok(())
    }

    /// The organisation an end names: by id or USCC, else by its name as reconciled.
    fn org(&self, reference: &str, region: Option<&String>) -> Option<&(String, String)> {
        self.orgs
            .get(reference)
            .or_else(|| self.orgs.get(&by_name(reference, region)))
    }

    /// What a row's unmatched ends may be.
    fn candidates(&self, p: &Parsed) -> Vec<ReconcileCandidate> {
        [
            by_name(&p.body.source_id, p.regions.0.as_ref()),
            by_name(&p.body.target_id, p.regions.1.as_ref()),
        ]
        .iter()
        .filter_map(|k| self.unsure.get(k))
        .flatten()
        .cloned()
        .collect()
    }

    fn of(&self, who: &Principal, p: &Parsed) -> Result<(String, String), FieldError> {
        let body = &p.body;
        let relocation = body.kind == RelKind::RelocatedFrom;
        let Some((source, source_owner)) = self.org(&body.source_id, p.regions.0.as_ref()) else {
            let why = format!("no organisation has the id or USCC '{}', and no registered one matches it confidently by name", body.source_id);
            return Err(FieldError::new("source_id", "exists", why));
        };
        let target = if relocation {
            let known = RegionCode::parse(&body.target_id).is_ok()
                && self.regions.contains(&body.target_id);
            known.then(|| (body.target_id.clone(), String::new()))
        } else {
            self.org(&body.target_id, p.regions.1.as_ref()).cloned()
        };
        let Some((target, target_owner)) = target else {
            let why = format!("no organisation or region has the id, USCC or code '{}', and no registered organisation matches it confidently by name", body.target_id);
            return Err(FieldError::new("target_id", "exists", why));
        };
        if *source == target {
            let why = "both ends are the same organisation";
            return Err(FieldError::new("target_id", "self_loop", why));
        }
        if !(who.may_change(source_owner) || (!relocation && who.may_change(&target_owner))) {
            let why = "a member may only record relationships of an organisation it owns";
            return Err(FieldError::new("row", "forbidden", why));
        }
        Ok((source.clone(), target))
    }
}

/// `{field: {from, to}}` for what the row says differently from the stored relationship,
/// including the verification a member's change resets.
fn changes(who: &Principal, old: &Map<String, Value>, row: &RelationshipRow) -> Map<String, Value> {
    let mut wanted = serde_json::to_value(&row.props)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    wanted.insert("source".into(), Value::String(row.source.clone()));
    let mut out: Map<String, Value> = wanted
        .into_iter()
        .filter(|(k, v)| old.get(k) != Some(v))
        .map(|(k, to)| {
            let from = old.get(&k).cloned().unwrap_or(Value::Null);
            (k, json!({"from": from, "to": to}))
        })
        .collect();
    let verified = old.get("verified") == Some(&Value::Bool(true));
    if !out.is_empty() && verified && who.role != Role::Admin {
        out.insert("verified".into(), json!({"from": true, "to": false}));
    }
    out
}

/// The importer of relationships.
pub struct Relationships;

impl Importer for Relationships {
    type Create = KindRow;
    type Update = KindRow;

    fn columns(&self) -> (&'static [&'static str], &'static [&'static str]) {
        (COLUMNS, REQUIRED)
    }

    async fn plan(
        &self,
        db: &Db,
        who: &Principal,
        rows: Vec<Row>,
        seen: &mut Seen,
        only_refusals: bool,
    ) -> Result<RelPlan, Error> {
        let mut plan = RelPlan::default();
        let names = RegionNames::new(&ReferenceIds::load(db).await?.regions);
        let parsed = parse_rows(who, rows, &names, &mut plan);
        let ends = Ends::load(db, &parsed, &names).await?;
        let mut candidates = Vec::new();
        for p in parsed {
            let (source_id, target_id) = match ends.of(who, &p) {
                Ok(ends) => ends,
                Err(reason) => {
                    plan.note(p.line, None, ends.candidates(&p));
                    plan.reject(p.line, None, vec![reason]);
                    continue;
                }
            };
            let id = content_id(p.body.kind, &source_id, &target_id, &p.props);
            if !seen.first(&id) {
                let why = "an earlier row says the same";
                plan.refuse(p.line, Some(id), "row", "duplicate_in_file", why);
                continue;
            }
            let row = RelationshipRow {
                id,
                source_id,
                target_id,
                props: p.props,
                source: p.body.source,
                synthetic: p.synthetic,
            };
            candidates.push((p.line, p.body.kind, row));
        }
        let rows: Vec<(RelKind, &RelationshipRow)> =
            candidates.iter().map(|(_, kind, r)| (*kind, r)).collect();
        // What is stored decides create, update or unchanged, and for a member whether it may.
        let found = if only_refusals {
            HashMap::new()
        } else {
            existing(db, &rows).await?
        };
        for (line, kind, row) in candidates {
            decide(&mut plan, who, found.get(&row.id), line, kind, row);
        }
        Ok(plan)
    }

    async fn write(&self, db: &Db, who: &Principal, plan: &RelPlan) -> Result<(), Error> {
        let mut statements = Vec::new();
        for &kind in RelKind::ALL {
            let rows: Vec<RelationshipRow> = plan
                .creates
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| c.row.clone())
                .collect();
            for chunk in rows.chunks(BATCH) {
                statements.push(create_query(kind, who, chunk)?);
            }
        }
        for chunk in plan.updates.chunks(BATCH) {
            let rows: Vec<Typed> = chunk
                .iter()
                .map(|k| Typed {
                    rel_type: k.kind.rel_type(),
                    row: &k.row,
                })
                .collect();
            let statement = query(UPDATE)
                .param("rows", to_bolt(&rows)?)
                .param("curator", who.role == Role::Admin);
            statements.push(statement);
        }
        Ok(write_all(db, who, statements, &plan.entries).await?)
    }
}

/// Create, update, leave or refuse one row given what is stored under its id.
fn decide(
    plan: &mut RelPlan,
    who: &Principal,
    old: Option<&Map<String, Value>>,
    line: usize,
    kind: RelKind,
    row: RelationshipRow,
) {
    let id = row.id.clone();
    let snapshot = serde_json::to_value(&row).unwrap_or_default();
    match old {
        None => {
            let entry = Entry::relationship(
                &id,
                &row.source_id,
                &row.target_id,
                Action::Create,
                &snapshot,
            );
            plan.create(line, id, KindRow { kind, row }, entry);
        }
        Some(old) => {
            let owner = old.get("owner").and_then(Value::as_str).unwrap_or("admin");
            if !who.may_change(owner) {
                let why = "the existing relationship is owned by another organisation";
                plan.refuse(line, Some(id), "row", "forbidden", why);
            } else {
                let diff = changes(who, old, &row);
                if diff.is_empty() {
                    plan.unchanged(line, id);
                } else {
                    let entry = Entry::relationship(
                        &id,
                        &row.source_id,
                        &row.target_id,
                        Action::Update,
                        &diff.into(),
                    );
                    plan.update(line, id, KindRow { kind, row }, entry);
                }
            }
        }
    }
}
