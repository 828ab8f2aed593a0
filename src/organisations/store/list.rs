use neo4rs::query;

use super::{check_references, get_many};
use crate::db::{to_bolt, Db};
use crate::domain::{ChainId, OrgKind, RegionCode, SegmentId, Tag};
use crate::error::Error;
use crate::organisations::model::OrganisationPage;

const LIST: &str = include_str!("../../../cypher/organisations/list.cypher");
const FROM_LINK: &str = include_str!("../../../cypher/organisations/list_from/link.cypher");
const FROM_CLUSTER: &str = include_str!("../../../cypher/organisations/list_from/cluster.cypher");
const FROM_REGION: &str = include_str!("../../../cypher/organisations/list_from/region.cypher");
const IN_ID_ORDER: &str = include_str!("../../../cypher/organisations/list_from/id_order.cypher");

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

impl ListFilter {
    /// Where the query starts: from the node of the most selective filter given, else the
    /// kind's id index in order (a broad filter fills a page after a few hundred rows).
    fn start(&self, kind: OrgKind) -> String {
        let start = if self.link.is_some() {
            FROM_LINK.to_owned()
        } else if self.cluster.is_some() {
            FROM_CLUSTER.to_owned()
        } else if self.region.as_ref().is_some_and(|r| !r.is_province()) {
            FROM_REGION.to_owned()
        } else {
            IN_ID_ORDER.replace("__LABEL__", kind.label())
        };
        LIST.replace("__START__", &start)
    }
}

pub async fn list(db: &Db, kind: OrgKind, f: ListFilter) -> Result<OrganisationPage, Error> {
    check_references(db, f.region.as_ref(), None, f.link.as_ref()).await?;
    // One extra row tells whether another page follows.
    let q = query(&f.start(kind))
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
