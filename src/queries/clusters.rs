//! The clusters: the five groups the three governments build together (五群) and the region's
//! clusters on the national list, with the correspondence between the two lists.

use std::collections::{BTreeMap, BTreeSet};

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::{Db, DbError};
use crate::domain::{ChainId, ClusterKind, RelKind};
use crate::error::Error;

const CLUSTERS: &str = include_str!("../../cypher/queries/clusters.cypher");

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ClusterInfo {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: ClusterKind,
    /// The year it was named: 2023 for the five groups, the year MIIT listed a national one.
    pub listed_year: Option<i64>,
    pub description: Option<String>,
    /// The region (province or city) that leads it, where one is named.
    pub lead_region: Option<String>,
    /// The clusters on the other list it corresponds to; a correspondence, not the same body.
    pub corresponds_to: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ClusterMember {
    pub id: String,
    pub name_zh: String,
    pub region_code: Option<String>,
    pub province: Option<String>,
    pub chains: Vec<ChainId>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "life-health", "name_zh": "京津冀生命健康集群",
    "name_en": "Beijing–Tianjin–Hebei life and health cluster", "kind": "national",
    "listed_year": 2022, "corresponds_to": ["biomedicine"],
    "description": "5,300+ firms, output about 390 bn CNY in 2023 (reported)", "lead_region": null,
    "member_count": 11, "members_by_region": {"110000": 4, "120000": 2, "130000": 5},
    "chains": ["biomedicine"], "relationships": 19, "internal_relationships": 7,
    "cross_region_relationships": 12}))]
pub struct ClusterSummary {
    #[serde(flatten)]
    pub cluster: ClusterInfo,
    pub member_count: usize,
    /// Members by province (110000, 120000, 130000).
    pub members_by_region: BTreeMap<String, usize>,
    /// Chains its members operate in.
    pub chains: BTreeSet<ChainId>,
    /// Relationships between members, and how many join members in the same province.
    pub relationships: i64,
    pub internal_relationships: i64,
    pub cross_region_relationships: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClusterDetail {
    #[serde(flatten)]
    pub summary: ClusterSummary,
    pub members: Vec<ClusterMember>,
}

/// Which clusters to answer for, and which members to count.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClusterFilter<'a> {
    pub id: Option<&'a str>,
    pub kind: Option<ClusterKind>,
    pub synthetic: Option<bool>,
}

pub async fn clusters(db: &Db, filter: ClusterFilter<'_>) -> Result<Vec<ClusterDetail>, DbError> {
    let types = RelKind::between_organisation_types();
    let rows = db
        .rows(
            query(CLUSTERS)
                .param("id", filter.id)
                .param("kind", filter.kind.map(ClusterKind::as_str))
                .param("synthetic", filter.synthetic)
                .param("types", types),
        )
        .await?;
    rows.iter()
        .map(|r| {
            let members: Vec<ClusterMember> = r.get("members")?;
            let relationships: i64 = r.get("relationships")?;
            let internal: i64 = r.get("internal")?;
            let mut by_region = BTreeMap::new();
            for m in &members {
                *by_region
                    .entry(m.province.clone().unwrap_or_else(|| "other".into()))
                    .or_insert(0) += 1;
            }
            let chains = members
                .iter()
                .flat_map(|m| m.chains.iter().cloned())
                .collect();
            let summary = ClusterSummary {
                cluster: r.get("cluster")?,
                member_count: members.len(),
                members_by_region: by_region,
                chains,
                relationships,
                internal_relationships: internal,
                cross_region_relationships: relationships - internal,
            };
            Ok(ClusterDetail { summary, members })
        })
        .collect()
}

pub async fn cluster(db: &Db, id: &str, synthetic: Option<bool>) -> Result<ClusterDetail, Error> {
    let filter = ClusterFilter {
        id: Some(id),
        synthetic,
        ..ClusterFilter::default()
    };
    clusters(db, filter)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found("cluster", id))
}
