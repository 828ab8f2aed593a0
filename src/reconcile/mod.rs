//! Reconciliation (issue 20): the rows of a list — a name, and a region, a USCC or a kind when
//! the list has them — in; for each row the records it may be, ranked with a score 0–100 and the
//! fields that agreed, and `match` when one is confident. Candidates come from the
//! `organisation_match` full-text index in one statement for every row; they are scored here
//! (`score`). The rule and its threshold: docs/RECONCILE.md.

pub mod duplicates;
pub mod score;

use std::collections::HashMap;

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::Db;
use crate::domain::names::NameParts;
use crate::domain::{OrgKind, RegionCode};
use crate::error::Error;
use crate::validate::{Checks, NAME_MAX, TEXT_MAX};
use score::{confident, Known, Query, CONFIDENT, MARGIN};

const CANDIDATES: &str = include_str!("../../cypher/reconcile/candidates.cypher");
const UNFILLED: &str = include_str!("../../cypher/reconcile/unfilled.cypher");
const FILL: &str = include_str!("../../cypher/reconcile/fill.cypher");

/// The most rows one request reconciles.
pub const MAX_ROWS: usize = 1000;
/// How many records the index proposes per row, and how many of them are shown.
const PROPOSED: i64 = 25;
const SHOWN: usize = 5;

/// One row of a list.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "梅卡曼德（北京）机器人科技有限公司", "region": "110000"}))]
pub struct ListRow {
    /// The name as the list writes it: full or short, with or without the legal form,
    /// traditional or simplified, in pinyin or English.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Where the list puts it (any level), as evidence.
    #[schema(value_type = Option<RegionCode>)]
    pub region: Option<String>,
    /// Its Unified Social Credit Code, if the list has one: an exact match decides.
    #[schema(max_length = 18)]
    pub uscc: Option<String>,
    /// Only records of this kind.
    pub kind: Option<OrgKind>,
    /// The address the list gives (kept for the reader; not yet used as evidence).
    #[schema(max_length = 2000)]
    pub address: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReconcileRequest {
    #[schema(min_items = 1, max_items = 1000)]
    pub rows: Vec<ListRow>,
}

crate::domain::coded_enum! {
    /// A field of the row that agreed with the record.
    pub enum Agreed: "snake_case" {
        Uscc,
        Name,
        Region,
    }
}

/// A record the row may be.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReconcileCandidate {
    pub id: String,
    pub kind: OrgKind,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub region_code: Option<String>,
    pub verified: bool,
    pub synthetic: bool,
    /// 0–100: how much it looks like the row.
    pub score: u8,
    pub agreed: Vec<Agreed>,
}

/// What one row may be.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowResult {
    /// The row's place in the request, from 0.
    pub row: usize,
    /// The best candidates, best first (at most five).
    pub candidates: Vec<ReconcileCandidate>,
    /// One candidate is confident: at least `threshold`, and `margin` ahead of the next.
    #[serde(rename = "match")]
    pub matched: bool,
    /// The confident candidate's id.
    pub id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Reconciliation {
    pub results: Vec<RowResult>,
    /// The score a confident match reaches…
    pub threshold: u8,
    /// …and how far ahead of the next candidate it is.
    pub margin: u8,
}

/// A record as the index proposes it.
#[derive(Debug, Deserialize)]
struct Proposed {
    id: String,
    kind: OrgKind,
    name_zh: String,
    name_en: Option<String>,
    legal_name: Option<String>,
    region_code: Option<String>,
    uscc: Option<String>,
    verified: Option<bool>,
    synthetic: Option<bool>,
}

impl Proposed {
    fn known(&self) -> Known {
        let names = [
            Some(&self.name_zh),
            self.name_en.as_ref(),
            self.legal_name.as_ref(),
        ];
        Known {
            names: names
                .into_iter()
                .flatten()
                .map(|n| NameParts::of(n))
                .collect(),
            region: self.region_code.clone(),
            uscc: self.uscc.clone(),
        }
    }
}

/// The Lucene query that proposes records for a name: its characters, its pinyin, its Latin
/// words (each as typed, as a prefix and one edit away) and their run.
pub fn lucene(name: &NameParts) -> String {
    let mut terms: Vec<String> = name.han.chars().map(String::from).collect();
    if !name.pinyin.is_empty() {
        terms.push(name.pinyin_joined());
    }
    let mut words = name.latin.clone();
    let joined = name.latin_joined();
    if name.latin.len() > 1 {
        words.push(joined);
    }
    for word in words.iter().filter(|w| w.len() >= 2) {
        terms.push(word.clone());
        if word.len() >= 3 {
            terms.push(format!("{word}*"));
        }
        if word.len() >= 3 {
            terms.push(format!("{word}~1"));
        }
    }
    if terms.is_empty() {
        // Nothing to look for: a word no record holds.
        return "\u{2400}".into();
    }
    terms.join(" ")
}

fn check(rows: &[ListRow]) -> Result<(), Error> {
    let mut c = Checks::default();
    if rows.is_empty() || rows.len() > MAX_ROWS {
        c.fail("rows", "length", format!("1 to {MAX_ROWS} rows"));
    }
    for (i, row) in rows.iter().enumerate() {
        c.text(&format!("rows[{i}].name"), &row.name, 1, NAME_MAX);
        if let Some(region) = &row.region {
            c.parsed(&format!("rows[{i}].region"), RegionCode::parse(region));
        }
        c.optional_text(
            &format!("rows[{i}].address"),
            row.address.as_deref(),
            TEXT_MAX,
        );
        c.length(&format!("rows[{i}].uscc"), row.uscc.as_deref(), 18);
    }
    c.finish()
}

/// For every row, the records it may be, best first, and whether one is confident.
pub async fn reconcile(db: &Db, rows: &[ListRow]) -> Result<Reconciliation, Error> {
    check(rows)?;
    propose(db, rows).await
}

/// `reconcile` without the checks of a list's rows (a search's text and an import's cells have
/// their own).
pub async fn propose(db: &Db, rows: &[ListRow]) -> Result<Reconciliation, Error> {
    let queries: Vec<Query> = rows
        .iter()
        .map(|r| Query {
            name: NameParts::of(&r.name),
            region: r.region.clone(),
            uscc: r.uscc.as_ref().map(|u| u.trim().to_uppercase()),
        })
        .collect();
    let params: Vec<serde_json::Value> = rows
        .iter()
        .zip(&queries)
        .enumerate()
        .map(|(i, (row, q))| {
            serde_json::json!({"i": i, "lucene": lucene(&q.name), "uscc": q.uscc,
                               "kind": row.kind.map(OrgKind::as_str)})
        })
        .collect();
    let q = query(CANDIDATES)
        .param("rows", crate::db::to_bolt(&params)?)
        .param("limit", PROPOSED);
    let found = db.rows(q).await?;
    let mut proposed: HashMap<usize, Vec<Proposed>> = HashMap::new();
    for row in &found {
        let i: i64 = row.get("row").map_err(crate::db::DbError::from)?;
        let candidate: Proposed = row.get("candidate").map_err(crate::db::DbError::from)?;
        proposed.entry(i as usize).or_default().push(candidate);
    }
    let results = queries
        .iter()
        .enumerate()
        .map(|(i, q)| ranked(i, q, proposed.remove(&i).unwrap_or_default()))
        .collect();
    Ok(Reconciliation {
        results,
        threshold: CONFIDENT,
        margin: MARGIN,
    })
}

fn ranked(row: usize, query: &Query, proposed: Vec<Proposed>) -> RowResult {
    let mut candidates: Vec<ReconcileCandidate> = proposed
        .into_iter()
        .map(|p| {
            let scored = score::score(query, &p.known());
            ReconcileCandidate {
                id: p.id,
                kind: p.kind,
                name_zh: p.name_zh,
                name_en: p.name_en,
                region_code: p.region_code,
                verified: p.verified.unwrap_or(false),
                synthetic: p.synthetic.unwrap_or(false),
                score: scored.score,
                agreed: scored
                    .agreed
                    .iter()
                    .filter_map(|a| Agreed::parse(a))
                    .collect(),
            }
        })
        .collect();
    candidates.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    candidates.dedup_by(|a, b| a.id == b.id);
    candidates.truncate(SHOWN);
    let best = candidates.first().map(|c| c.score);
    let next = candidates.get(1).map(|c| c.score);
    let matched = best.is_some_and(|b| confident(b, next));
    RowResult {
        row,
        id: matched.then(|| candidates[0].id.clone()),
        candidates,
        matched,
    }
}

/// Fills `match_text` where it is missing, a batch at a time: what start-up does for records
/// written before reconciliation existed. Returns how many it filled.
pub async fn fill_match_text(db: &Db) -> Result<usize, crate::db::DbError> {
    #[derive(Deserialize)]
    struct Unfilled {
        id: String,
        name_zh: Option<String>,
        name_en: Option<String>,
        legal_name: Option<String>,
    }
    const BATCH: i64 = 2000;
    let mut filled = 0;
    loop {
        let rows: Vec<Unfilled> = db
            .rows(query(UNFILLED).param("limit", BATCH))
            .await?
            .iter()
            .map(|r| r.to::<Unfilled>().map_err(crate::db::DbError::from))
            .collect::<Result<_, _>>()?;
        if rows.is_empty() {
            return Ok(filled);
        }
        let batch: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                let names = [r.name_zh.as_deref(), r.name_en.as_deref(), r.legal_name.as_deref()];
                // Never empty, so a record without names is not read again.
                let text = crate::domain::names::match_text(&names);
                serde_json::json!({"id": r.id, "match_text": if text.is_empty() { " ".into() } else { text }})
            })
            .collect();
        filled += batch.len();
        db.write_all(vec![query(FILL).param("rows", crate::db::to_bolt(&batch)?)])
            .await?;
    }
}

/// The records a single name may be, best first (what search falls back on when a name is not
/// found as written: a short name, pinyin, traditional characters, a typo).
pub async fn candidates(
    db: &Db,
    name: &str,
    kind: Option<OrgKind>,
) -> Result<Vec<ReconcileCandidate>, Error> {
    let row = ListRow {
        name: name.to_owned(),
        region: None,
        uscc: None,
        kind,
        address: None,
    };
    let mut answer = propose(db, std::slice::from_ref(&row)).await?;
    Ok(answer
        .results
        .pop()
        .map(|r| r.candidates)
        .unwrap_or_default())
}
