//! Full-text search over organisation names in Chinese and English, and over chain and link
//! names.

use std::collections::HashMap;

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
    "region_code": "130700", "verified": false, "synthetic": true, "score": 1.14,
    "as_written": true}))]
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
    /// Found as written (every word in its name or description); `false` for a record offered
    /// because the text may mean it (a short name, pinyin, traditional characters, a typo),
    /// which comes after every hit as written.
    #[serde(default = "as_written")]
    pub as_written: bool,
}

fn as_written() -> bool {
    true
}

/// A chain or a link whose name contains the words: its firms are one request away
/// (`/enterprises?chain=` or `?link=`), so they are not repeated among the organisations.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"id": "hydrogen", "level": "chain", "chain_id": "hydrogen",
    "name_zh": "氢能", "name_en": "Hydrogen energy", "score": 2.1}))]
pub struct SearchTopic {
    pub id: String,
    pub level: TopicLevel,
    pub chain_id: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub score: f64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TopicLevel {
    Chain,
    Link,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchPage {
    pub query: String,
    /// Organisations whose name or description contains every word, best match first.
    pub items: Vec<SearchHit>,
    /// Chains and links whose names contain every word (with the first page only).
    pub topics: Vec<SearchTopic>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Lucene's stop words for the `cjk` analyzer the name indexes use (Neo4j 5.26; a test checks
/// them against `db.index.fulltext.listAvailableAnalyzers()`). A required clause made of a stop
/// word analyses to nothing and then matches nothing, so stop words are left out of the query.
pub const STOP_WORDS: [&str; 35] = [
    "a", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
    "not", "of", "on", "or", "s", "such", "t", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with", "www",
];

/// The Lucene query for the user's text. Every word is required, each as a phrase, so a Chinese
/// fragment (indexed as overlapping bigrams) must appear as written, and 有限公司 in the text does
/// not match every firm in the region; the last word, when it is plain ASCII, may also be the
/// start of a word, for type-ahead. Words without a letter or digit and stop words are dropped;
/// `None` when nothing is left. Nothing the user types is read as Lucene syntax: inside a phrase
/// only `"` and `\` are special, and the prefix form is taken only for ASCII letters and digits.
pub fn lucene_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|w| w.chars().any(char::is_alphanumeric) && !STOP_WORDS.contains(&w.as_str()))
        .collect();
    let last = words.len().checked_sub(1)?;
    let clauses: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let phrase = format!("\"{}\"", w.replace('\\', "\\\\").replace('"', "\\\""));
            if i == last && w.chars().all(|c| c.is_ascii_alphanumeric()) {
                format!("+({phrase} OR {w}*)")
            } else {
                format!("+{phrase}")
            }
        })
        .collect();
    Some(clauses.join(" "))
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

impl SearchRequest {
    fn filtered(&self) -> bool {
        self.kind.is_some() || self.verified.is_some() || self.synthetic.is_some()
    }
}

/// How many matching chains and links come with the first page.
const TOPIC_LIMIT: i64 = 10;

pub async fn search(db: &Db, r: SearchRequest) -> Result<SearchPage, Error> {
    let mut page = SearchPage {
        query: r.text.clone(),
        items: Vec::new(),
        topics: Vec::new(),
        next_cursor: None,
    };
    let Some(lucene) = lucene_query(&r.text) else {
        return Ok(page);
    };
    // One more than the page tells whether there is a next one. Unfiltered, Lucene itself keeps
    // only that many best hits; a filter could drop any of them, so then it keeps all.
    let end = (r.offset + r.limit + 1) as i64;
    let window: HashMap<&str, i64> = if r.filtered() {
        HashMap::new()
    } else {
        HashMap::from([("limit", end)])
    };
    let q = query(SEARCH)
        .param("lucene", lucene)
        .param("window", window)
        .param("topic_limit", TOPIC_LIMIT)
        .param("kind", r.kind.map(OrgKind::as_str))
        .param("verified", r.verified)
        .param("synthetic", r.synthetic)
        .param("offset", r.offset as i64)
        .param("limit", (r.limit + 1) as i64);
    let row = db
        .rows(q)
        .await?
        .pop()
        .ok_or_else(|| DbError::Decode("search returned no row".into()))?;
    page.items = row.get("items").map_err(DbError::from)?;
    page.topics = row.get("topics").map_err(DbError::from)?;
    let more = page.items.len() > r.limit;
    page.items.truncate(r.limit);
    if r.offset == 0 && page.items.len() < r.limit {
        forgive(db, &r, &mut page.items).await?;
    }
    let next = r.offset + r.limit;
    page.next_cursor = (more && next <= MAX_OFFSET).then(|| encode_offset(next));
    Ok(page)
}

/// How alike (0–100, as reconciliation scores it) a record must be to be offered when the text
/// is not found as written.
const FORGIVING: u8 = 60;

/// A first page with room left is filled with the records the text may mean though it does not
/// contain them as written — a short name, pinyin, traditional characters, a wrong character —
/// scored as reconciliation scores a list's row (docs/RECONCILE.md), after the hits as written.
async fn forgive(db: &Db, r: &SearchRequest, items: &mut Vec<SearchHit>) -> Result<(), Error> {
    let found = crate::reconcile::candidates(db, &r.text, r.kind).await?;
    for c in found {
        let wanted = c.score >= FORGIVING
            && r.verified.is_none_or(|v| v == c.verified)
            && r.synthetic.is_none_or(|s| s == c.synthetic)
            && !items.iter().any(|i| i.id == c.id);
        if wanted && items.len() < r.limit {
            items.push(SearchHit {
                id: c.id,
                kind: c.kind,
                name_zh: c.name_zh,
                name_en: c.name_en,
                region_code: c.region_code,
                verified: Some(c.verified),
                synthetic: c.synthetic,
                score: f64::from(c.score) / 100.0,
                as_written: false,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::lucene_query;

    #[test]
    fn every_word_is_a_required_phrase_and_nothing_is_lucene_syntax() {
        assert_eq!(
            lucene_query("张家口  氢能").as_deref(),
            Some("+\"张家口\" +\"氢能\"")
        );
        assert_eq!(
            lucene_query("x'}) OR \"[* 北京\\").as_deref(),
            Some("+\"x'})\" +\"北京\\\\\"")
        );
        assert_eq!(
            lucene_query("Science and Tech").as_deref(),
            Some("+\"science\" +(\"tech\" OR tech*)")
        );
        assert_eq!(lucene_query("the - （）"), None);
    }
}
