//! Possible duplicates: records whose name and region reconcile confidently to another record
//! of their kind. Curators see those of the records awaiting review (where duplicates arrive),
//! members those of their own records; each pair can be merged (`organisations::store::merge`).

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::score::CONFIDENT;
use super::{propose, ListRow, ReconcileCandidate};
use crate::db::{Db, DbError};
use crate::domain::OrgKind;
use crate::error::Error;

const TO_CHECK: &str = include_str!("../../cypher/reconcile/to_check.cypher");

/// A record and another it is likely the same as.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DuplicatePair {
    pub id: String,
    pub kind: OrgKind,
    pub name_zh: String,
    pub region_code: Option<String>,
    /// The record it looks like, with the score (at least the confident threshold).
    pub other: ReconcileCandidate,
}

#[derive(Deserialize)]
struct ToCheck {
    id: String,
    kind: OrgKind,
    name_zh: String,
    region_code: Option<String>,
}

/// The possible duplicates among `owner`'s records (a member), or among the records awaiting
/// review (`None`: a curator), most alike first.
pub async fn possible_duplicates(
    db: &Db,
    owner: Option<&str>,
    limit: usize,
) -> Result<Vec<DuplicatePair>, Error> {
    let q = query(TO_CHECK)
        .param("owner", owner)
        .param("limit", limit as i64);
    let records: Vec<ToCheck> = db
        .rows(q)
        .await?
        .iter()
        .map(|r| r.to::<ToCheck>().map_err(DbError::from))
        .collect::<Result<_, _>>()?;
    let rows: Vec<ListRow> = records
        .iter()
        .map(|r| ListRow {
            name: r.name_zh.clone(),
            region: r.region_code.clone(),
            uscc: None,
            kind: Some(r.kind),
            address: None,
        })
        .collect();
    let mut pairs = Vec::new();
    for (batch, records) in rows
        .chunks(super::MAX_ROWS)
        .zip(records.chunks(super::MAX_ROWS))
    {
        let answer = propose(db, batch).await?;
        for (record, result) in records.iter().zip(answer.results) {
            let other = result
                .candidates
                .into_iter()
                .find(|c| c.id != record.id && c.score >= CONFIDENT);
            if let Some(other) = other {
                pairs.push(DuplicatePair {
                    id: record.id.clone(),
                    kind: record.kind,
                    name_zh: record.name_zh.clone(),
                    region_code: record.region_code.clone(),
                    other,
                });
            }
        }
    }
    pairs.sort_by(|a, b| {
        b.other
            .score
            .cmp(&a.other.score)
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(pairs)
}
