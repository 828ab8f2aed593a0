use neo4rs::query;

use super::{check_references, get_many};
use crate::db::{to_bolt, Db};
use crate::domain::{ChainId, OrgKind, RegionCode, SegmentId, Tag};
use crate::error::Error;
use crate::organisations::model::OrganisationPage;

const LIST: &str = include_str!("../../../cypher/organisations/list.cypher");

/// Filters of an organisation list; `None` means any.
#[derive(Debug, Default)]
pub struct ListFilter {
    pub region: Option<RegionCode>,
    pub chain: Option<ChainId>,
    pub link: Option<SegmentId>,
    pub cluster: Option<String>,
    pub tag: Option<Tag>,
    pub verified: Option<bool>,
    pub text: Option<String>,
    /// The last id of the previous page.
    pub after: Option<String>,
    pub limit: usize,
}

pub async fn list(db: &Db, kind: OrgKind, f: ListFilter) -> Result<OrganisationPage, Error> {
    check_references(db, f.region.as_ref(), None, f.link.as_ref()).await?;
    // One extra row tells whether another page follows.
    let q = query(LIST)
        .param("kind", kind.as_str())
        .param("after", f.after)
        .param("verified", f.verified)
        .param("tag", to_bolt(&f.tag)?)
        .param("region", f.region.as_ref().map(RegionCode::as_str))
        .param("chain", f.chain.map(ChainId::as_str))
        .param("link", f.link.as_ref().map(SegmentId::as_str))
        .param("cluster", f.cluster)
        .param("text", f.text.map(|t| t.to_lowercase()))
        .param("limit", (f.limit + 1) as i64);
    let mut ids: Vec<String> = db.column(q, "id").await?;
    let more = ids.len() > f.limit;
    ids.truncate(f.limit);
    let next_cursor = if more {
        ids.last().map(|id| crate::domain::cursor::encode_after(id))
    } else {
        None
    };
    let items = get_many(db, Some(kind), &ids).await?;
    Ok(OrganisationPage { items, next_cursor })
}
