use neo4rs::query;

use super::{check_references, get_many};
use crate::db::Db;
use crate::domain::OrgKind;
use crate::error::ApiError;
use crate::organisations::model::OrganisationPage;

const LIST: &str = include_str!("../../../cypher/organisations/list.cypher");

/// Filters of an organisation list; `None` means any.
#[derive(Debug, Default)]
pub struct ListFilter {
    pub region: Option<String>,
    pub chain: Option<String>,
    pub link: Option<String>,
    pub cluster: Option<String>,
    pub tag: Option<String>,
    pub verified: Option<bool>,
    pub text: Option<String>,
    pub after: Option<String>,
    pub limit: usize,
}

pub async fn list(db: &Db, kind: OrgKind, f: ListFilter) -> Result<OrganisationPage, ApiError> {
    check_references(db, f.region.as_deref(), None, f.link.as_deref()).await?;
    // One extra row tells whether another page follows.
    let q = query(&LIST.replace("__LABEL__", kind.label()))
        .param("after", f.after)
        .param("verified", f.verified)
        .param("tag", f.tag)
        .param("region", f.region)
        .param("chain", f.chain)
        .param("link", f.link)
        .param("cluster", f.cluster)
        .param("text", f.text.map(|t| t.to_lowercase()))
        .param("limit", (f.limit + 1) as i64);
    let mut ids: Vec<String> = db.column(q, "id").await?;
    let more = ids.len() > f.limit;
    ids.truncate(f.limit);
    let next_cursor = if more {
        ids.last().map(|id| hex::encode(id.as_bytes()))
    } else {
        None
    };
    let items = get_many(db, Some(kind), &ids).await?;
    Ok(OrganisationPage { items, next_cursor })
}
