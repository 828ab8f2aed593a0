//! Importing the chain links enterprises operate in: `enterprise,segment,role,products` and
//! optionally `since,until` (years), the
//! enterprise named by id or USCC. A membership is matched by enterprise and link, so importing
//! the file again changes nothing.

use std::collections::{HashMap, HashSet};

use neo4rs::query;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::csv_rows::Row;
use super::plan::{parse_cells, write_all, Plan, BATCH};
use super::{Importer, Seen};
use crate::auth::{Principal, Role};
use crate::changelog::{Action, Entry};
use crate::db::{to_bolt, Db, DbError};
use crate::domain::{OrgKind, SegmentId, SegmentRole};
use crate::error::{Error, FieldError};
use crate::validate::{whole_number, Checks, NAME_MAX};

const RESOLVE: &str = include_str!("../../cypher/imports/resolve_organisations.cypher");
const SEGMENT_IDS: &str = include_str!("../../cypher/imports/segment_ids.cypher");
const EXISTING: &str = include_str!("../../cypher/imports/existing_memberships.cypher");
const WRITE: &str = include_str!("../../cypher/imports/memberships.cypher");

pub const COLUMNS: &[&str] = &[
    "enterprise",
    "segment",
    "role",
    "products",
    "since",
    "until",
];
const REQUIRED: &[&str] = &["enterprise", "segment", "role"];

/// One row as the file gives it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MembershipCells {
    enterprise: String,
    segment: String,
    role: SegmentRole,
    #[serde(default)]
    products: Vec<String>,
    #[serde(default, deserialize_with = "whole_number")]
    since: Option<i64>,
    #[serde(default, deserialize_with = "whole_number")]
    until: Option<i64>,
}

/// A membership to write: the row `memberships.cypher` takes.
#[derive(Debug, Clone, Serialize)]
pub struct MembershipRow {
    id: String,
    segment: SegmentId,
    role: SegmentRole,
    products: Vec<String>,
    since: Option<i64>,
    until: Option<i64>,
}

type MembershipPlan = Plan<MembershipRow, MembershipRow>;

/// The importer of chain-link memberships.
pub struct Memberships;

/// A referenced organisation: its id, owner and kind.
#[derive(Deserialize)]
struct Resolved {
    r#ref: String,
    id: String,
    owner: String,
    kind: String,
}

#[derive(Deserialize)]
struct Current {
    id: String,
    segment: String,
    role: SegmentRole,
    products: Vec<String>,
    since: Option<i64>,
    until: Option<i64>,
}

fn check(cells: Map<String, Value>) -> Result<(String, MembershipRow), Vec<FieldError>> {
    let m: MembershipCells = parse_cells(cells)?;
    let mut c = Checks::default();
    let segment = c.parsed("segment", SegmentId::parse(&m.segment));
    if m.products.len() > 50 {
        c.fail("products", "length", "at most 50 products");
    }
    for (i, p) in m.products.iter().enumerate() {
        c.text(&format!("products[{i}]"), p, 1, NAME_MAX);
    }
    c.years("since", m.since, "until", m.until);
    c.finish().map_err(super::plan::field_errors)?;
    let row = MembershipRow {
        id: String::new(),
        segment: segment.expect("checked"),
        role: m.role,
        products: m.products,
        since: m.since,
        until: m.until,
    };
    Ok((m.enterprise, row))
}

async fn resolve(db: &Db, refs: Vec<String>) -> Result<HashMap<String, Resolved>, DbError> {
    let rows = db.rows(query(RESOLVE).param("refs", refs)).await?;
    rows.iter()
        .map(|r| {
            r.to::<Resolved>()
                .map(|x| (x.r#ref.clone(), x))
                .map_err(DbError::from)
        })
        .collect()
}

async fn segment_ids(db: &Db) -> Result<HashSet<String>, DbError> {
    let ids: Vec<Vec<String>> = db.column(query(SEGMENT_IDS), "ids").await?;
    Ok(ids.into_iter().flatten().collect())
}

async fn current(
    db: &Db,
    rows: &[(usize, MembershipRow)],
) -> Result<HashMap<(String, String), Current>, DbError> {
    let wanted: Vec<Value> = rows
        .iter()
        .map(|(_, r)| json!({"id": r.id, "segment": r.segment}))
        .collect();
    let found: Vec<Current> = db
        .rows(query(EXISTING).param("rows", to_bolt(&wanted)?))
        .await?
        .iter()
        .map(|r| r.to::<Current>().map_err(DbError::from))
        .collect::<Result<_, _>>()?;
    Ok(found
        .into_iter()
        .map(|c| ((c.id.clone(), c.segment.clone()), c))
        .collect())
}

impl Importer for Memberships {
    type Create = MembershipRow;
    type Update = MembershipRow;

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
    ) -> Result<MembershipPlan, Error> {
        let mut plan = MembershipPlan::default();
        let mut parsed = Vec::new();
        for Row { line, cells } in rows {
            match check(cells) {
                Ok((reference, row)) => parsed.push((line, reference, row)),
                Err(errors) => plan.reject(line, None, errors),
            }
        }
        let refs = parsed.iter().map(|(_, r, _)| r.clone()).collect();
        let orgs = resolve(db, refs).await?;
        let segments = segment_ids(db).await?;
        let mut valid = Vec::new();
        for (line, reference, mut row) in parsed {
            let refusal = match orgs.get(&reference) {
                None => Some((
                    "enterprise",
                    "exists",
                    format!("no enterprise '{reference}'"),
                )),
                Some(o) if o.kind != "enterprise" => Some((
                    "enterprise",
                    "kind",
                    format!("'{reference}' is not an enterprise"),
                )),
                Some(o) if !who.may_change(&o.owner) => {
                    let why = "the enterprise is owned by another organisation".to_owned();
                    Some(("row", "forbidden", why))
                }
                _ if !segments.contains(row.segment.as_str()) => {
                    let why = format!("unknown chain link {}", row.segment);
                    Some(("segment", "exists", why))
                }
                Some(o) if !seen.first(&format!("{}|{}", o.id, row.segment)) => {
                    let why = "an earlier row names the same membership".to_owned();
                    Some(("row", "duplicate_in_file", why))
                }
                Some(o) => {
                    row.id = o.id.clone();
                    None
                }
            };
            match refusal {
                Some((field, rule, why)) => plan.refuse(line, None, field, rule, &why),
                None => valid.push((line, row)),
            }
        }
        // What is stored decides only create, update or unchanged.
        let now = if only_refusals {
            HashMap::new()
        } else {
            current(db, &valid).await?
        };
        for (line, row) in valid {
            let key = (row.id.clone(), row.segment.to_string());
            let put = json!({"segments": {"put": row}});
            let entry = Entry::organisation(&row.id, OrgKind::Enterprise, Action::Update, &put);
            match now.get(&key) {
                None => plan.create(line, row.id.clone(), row, entry),
                Some(c)
                    if c.role == row.role
                        && c.products == row.products
                        && (c.since, c.until) == (row.since, row.until) =>
                {
                    plan.unchanged(line, row.id.clone())
                }
                Some(_) => plan.update(line, row.id.clone(), row, entry),
            }
        }
        Ok(plan)
    }

    async fn write(&self, db: &Db, who: &Principal, plan: &MembershipPlan) -> Result<(), Error> {
        let rows: Vec<&MembershipRow> = plan.creates.iter().chain(&plan.updates).collect();
        let mut statements = Vec::new();
        for chunk in rows.chunks(BATCH) {
            let statement = query(WRITE)
                .param("rows", to_bolt(chunk)?)
                .param("curator", who.role == Role::Admin);
            statements.push(statement);
        }
        Ok(write_all(db, who, statements, &plan.entries).await?)
    }
}
