//! Full-text search over organisation names in Chinese and English.

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::{Db, DbError};
use crate::domain::cursor::{encode_offset, MAX_OFFSET};
use crate::domain::OrgKind;
use crate::error::Error;

const SEARCH: &str = include_str!("../../cypher/queries/search.cypher");

/// One search result.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"id": "demo-hydrogen-01", "kind": "enterprise",
    "name_zh": "【演示】张家口云岭制氢有限公司", "name_en": "[DEMO] Zhangjiakou Yunling Hydrogen production Co.",
    "region_code": "130700", "verified": false, "synthetic": true, "score": 1.14}))]
pub struct SearchHit {
    pub id: String,
    pub kind: OrgKind,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub region_code: Option<String>,
    pub verified: Option<bool>,
    pub synthetic: bool,
    /// Relevance; higher is better.
    #[serde(default)]
    pub score: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchPage {
    pub query: String,
    pub items: Vec<SearchHit>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Escapes Lucene's query syntax so the user's text is searched as words, never parsed as
/// operators (`AND`, `*`, quotes, brackets…).
pub fn escape_lucene(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if "+-&|!(){}[]^\"~*?:\\/".contains(ch) {
            out.push('\\');
        }
        out.push(ch);
    }
    // Upper-case operators only count as operators when they stand alone as words.
    out.split_whitespace()
        .map(|w| {
            if matches!(w, "AND" | "OR" | "NOT" | "TO") {
                w.to_lowercase()
            } else {
                w.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A checked search: the text, filters and the page wanted.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub text: String,
    pub kind: Option<OrgKind>,
    pub verified: Option<bool>,
    pub synthetic: Option<bool>,
    pub offset: usize,
    pub limit: usize,
}

pub async fn search(db: &Db, r: SearchRequest) -> Result<SearchPage, Error> {
    let q = query(SEARCH)
        .param("query", escape_lucene(&r.text))
        .param("kind", r.kind.map(OrgKind::as_str))
        .param("verified", r.verified)
        .param("synthetic", r.synthetic)
        .param("offset", r.offset as i64)
        .param("limit", (r.limit + 1) as i64);
    let rows = db.rows(q).await?;
    let mut items = rows
        .iter()
        .map(|row| {
            let mut hit: SearchHit = row.get("hit")?;
            hit.score = row.get("score")?;
            Ok(hit)
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    let more = items.len() > r.limit;
    items.truncate(r.limit);
    let next = r.offset + r.limit;
    let next_cursor = (more && next <= MAX_OFFSET).then(|| encode_offset(next));
    Ok(SearchPage {
        query: r.text,
        items,
        next_cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::escape_lucene;

    #[test]
    fn operators_and_special_characters_are_neutralised() {
        assert_eq!(escape_lucene("氢能 AND (x*)"), "氢能 and \\(x\\*\\)");
        assert_eq!(escape_lucene("x'}) DETACH"), "x'\\}\\) DETACH");
    }
}
