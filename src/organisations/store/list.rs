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
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    pub region: Option<RegionCode>,
    pub chain: Option<ChainId>,
    pub link: Option<SegmentId>,
    pub cluster: Option<String>,
    pub tag: Option<Tag>,
    pub verified: Option<bool>,
    pub synthetic: Option<bool>,
    pub text: Option<String>,
    /// The last id of the previous page.
    pub after: Option<String>,
    pub limit: usize,
}

impl ListFilter {
    /// The query and its parameters. It starts from the node of the most selective filter
    /// given (`$start`; that filter is then already met and not tested again per row), else
    /// from the kind's id index in order (a broad filter fills a page after a few hundred rows).
    fn query(mut self, kind: OrgKind) -> Result<neo4rs::Query, Error> {
        let (start, text, order) = if let Some(link) = self.link.take() {
            let (text, order) = if link.is_sub_link() {
                ("segment_id", "m.segment_id, m.org_id")
            } else {
                ("link_id", "m.link_id, m.org_id")
            };
            let text = FROM_LINK.replace("__KEY__", text);
            (Some(link.as_str().to_owned()), text, order)
        } else if let Some(cluster) = self.cluster.take() {
            (Some(cluster), FROM_CLUSTER.to_owned(), "o.id")
        } else if let Some(region) = self.region.take_if(|r| !r.is_province()) {
            let region = Some(region.as_str().to_owned());
            (region, FROM_REGION.to_owned(), "o.id")
        } else {
            let text = IN_ID_ORDER.replace("__LABEL__", kind.label());
            (None, text, "o.id")
        };
        let text = LIST.replace("__START__", &text).replace("__ORDER__", order);
        // One extra row tells whether another page follows.
        Ok(query(&text)
            .param("start", start)
            .param("kind", kind.as_str())
            .param("after_id", self.after.clone().unwrap_or_default())
            .param("after", self.after)
            .param("verified", self.verified)
            .param("synthetic", self.synthetic)
            .param("tag", to_bolt(&self.tag)?)
            .param("region", self.region.as_ref().map(RegionCode::as_str))
            .param("chain", self.chain.map(ChainId::as_str))
            .param("link", self.link.as_ref().map(SegmentId::as_str))
            .param("cluster", self.cluster)
            .param("text", self.text.map(|t| t.to_lowercase()))
            .param("limit", (self.limit + 1) as i64))
    }
}

pub async fn list(db: &Db, kind: OrgKind, f: ListFilter) -> Result<OrganisationPage, Error> {
    check_references(db, f.region.as_ref(), None, f.link.as_ref()).await?;
    let limit = f.limit;
    let q = f.query(kind)?;
    let mut ids: Vec<String> = db.column(q, "id").await?;
    let more = ids.len() > limit;
    // A link's page may name a firm twice in a row (two of its sub-links): such a page is one
    // shorter, and the next continues after it all the same.
    ids.dedup();
    ids.truncate(limit);
    let next_cursor = if more {
        ids.last().map(|id| crate::domain::cursor::encode_after(id))
    } else {
        None
    };
    let items = get_many(db, Some(kind), &ids).await?;
    Ok(OrganisationPage { items, next_cursor })
}
