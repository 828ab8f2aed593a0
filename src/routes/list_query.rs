//! Query parameters shared by the organisation lists, and the opaque cursor.

use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain::{ChainId, Tag};
use crate::error::ApiError;
use crate::organisations::store::ListFilter;

pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 200;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// GB/T 2260 code; matches the region and everything under it (130000 = all of Hebei).
    #[param(example = "130200")]
    pub region: Option<String>,
    /// Operates in some link of this chain.
    pub chain: Option<ChainId>,
    /// Operates in this chain link.
    #[param(example = "robotics.reducers")]
    pub link: Option<String>,
    /// Member of this cluster.
    #[param(example = "life-health")]
    pub cluster: Option<String>,
    pub tag: Option<Tag>,
    /// Only verified (true) or only unverified (false) records.
    pub verified: Option<bool>,
    /// Part of the Chinese or English name (case-insensitive).
    #[param(example = "机器人")]
    pub q: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl ListQuery {
    pub fn into_filter(self) -> Result<ListFilter, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::invalid(
                "limit",
                "range",
                format!("must be 1 to {MAX_LIMIT}"),
            ));
        }
        let after = match self.cursor {
            None => None,
            Some(c) => Some(
                hex::decode(&c)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .ok_or_else(|| {
                        ApiError::invalid("cursor", "format", "not a cursor this API issued")
                    })?,
            ),
        };
        let tag = self.tag.map(|t| {
            serde_json::to_value(t)
                .unwrap_or_default()
                .as_str()
                .unwrap_or("")
                .to_owned()
        });
        Ok(ListFilter {
            region: self.region,
            chain: self.chain.map(|c| c.as_str().to_owned()),
            link: self.link,
            cluster: self.cluster,
            tag,
            verified: self.verified,
            text: self.q.filter(|q| !q.trim().is_empty()),
            after,
            limit,
        })
    }
}
