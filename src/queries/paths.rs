//! How does this lab feed that manufacturer? Shortest directed paths between organisations.

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::{Db, DbError};
use crate::domain::{OrgKind, RelKind, TransferMode};
use crate::error::Error;

const PATHS: &str = include_str!("../../cypher/queries/paths.cypher");
const EXIST: &str = include_str!("../../cypher/queries/organisations_exist.cypher");

pub const DEFAULT_KINDS: [RelKind; 5] = [
    RelKind::TransfersTechnology,
    RelKind::Supplies,
    RelKind::Incubates,
    RelKind::InvestsIn,
    RelKind::BranchOf,
];

/// At most this many hops; a quantifier bound must be literal Cypher, so it comes from here.
#[derive(Debug, Clone, Copy)]
pub struct HopBound(u8);

impl HopBound {
    pub const MAX: u8 = 6;

    /// `field` names the parameter in the 422 for an out-of-range value.
    pub fn new(hops: u8, field: &str) -> Result<Self, Error> {
        if (1..=Self::MAX).contains(&hops) {
            Ok(HopBound(hops))
        } else {
            Err(Error::invalid(
                field,
                "range",
                format!("must be 1 to {}", Self::MAX),
            ))
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// The bound as Cypher text for a quantifier or variable-length pattern.
    pub fn literal(self) -> &'static str {
        ["1", "2", "3", "4", "5", "6"][usize::from(self.0) - 1]
    }
}

/// An organisation on a path.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"id": "bwi-beijing-rd", "name_zh": "京西智行北京研发中心",
    "name_en": "BWI Beijing R&D", "region_code": "110000", "kind": "rd_source"}))]
pub struct PathNode {
    pub id: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub region_code: Option<String>,
    pub kind: Option<OrgKind>,
}

#[derive(Debug, Deserialize)]
struct StoredRel {
    id: Option<String>,
    product: Option<String>,
    technology: Option<String>,
    mode: Option<TransferMode>,
    year: Option<i64>,
    source: Option<String>,
    #[serde(rename = "type")]
    rel_type: String,
    reversed: bool,
}

/// One step of a path: from one organisation to the next through one relationship.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Hop {
    pub from: PathNode,
    pub to: PathNode,
    pub relationship_id: Option<String>,
    pub kind: RelKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub technology: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<TransferMode>,
    pub year: Option<i64>,
    /// Where the fact comes from.
    pub source: Option<String>,
    /// The hop follows the relationship against its direction: a parent to its branch plant
    /// (`branch_of` is followed both ways; every other kind only forwards).
    pub reversed: bool,
}

/// What backs a path: ranks paths of equal length, most evidence first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Evidence {
    /// Hops whose relationship a curator verified.
    pub verified_hops: i64,
    /// Distinct sources cited along the path.
    pub sources: i64,
    /// The latest year any hop reports (its `year` or `valid_from`).
    pub latest_year: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Path {
    pub length: usize,
    pub hops: Vec<Hop>,
    pub evidence: Evidence,
}

/// The paths found and the bounds of the search.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"from": "bwi-beijing-rd", "to": "bwi-zhangjiakou", "k": 5, "max_hops": 4,
    "kinds": ["transfers_technology", "supplies", "incubates", "invests_in", "branch_of"],
    "paths": [{"length": 1, "hops": [{
        "from": {"id": "bwi-beijing-rd", "name_zh": "京西智行北京研发中心", "name_en": "BWI Beijing R&D",
                 "region_code": "110000", "kind": "rd_source"},
        "to": {"id": "bwi-zhangjiakou", "name_zh": "京西智行张家口工厂",
               "name_en": "BWI Zhangjiakou plant", "region_code": "130700", "kind": "enterprise"},
        "relationship_id": "rel-reported-01", "kind": "transfers_technology",
        "technology": "chassis technology developed in Beijing, made in Zhangjiakou (inferred)",
        "mode": "intra_group", "year": null, "reversed": false,
        "source": "China Automotive News (中国汽车报网), 2023-11-24, 京西集团张家口生产基地投产下线, republished at https://china-engine.net/html/zhuanti/lingbujian/1077.html (inferred transfer)"}],
        "evidence": {"verified_hops": 1, "sources": 1, "latest_year": null}}]}))]
pub struct PathAnswer {
    pub from: String,
    pub to: String,
    pub k: u8,
    pub max_hops: u8,
    pub kinds: Vec<RelKind>,
    /// Shortest first; empty when no path exists within the bounds.
    pub paths: Vec<Path>,
}

/// Not found, naming the first of `ids` that is no organisation (described by `what`).
pub async fn ensure_exist(db: &Db, ids: &[&str], what: &[&'static str]) -> Result<(), Error> {
    let q = query(EXIST).param("ids", ids.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let rows = db.rows(q).await?;
    for (row, what) in rows.iter().zip(what) {
        if !row.get::<bool>("found").map_err(DbError::from)? {
            let id: String = row.get("id").map_err(DbError::from)?;
            return Err(Error::not_found(what, id));
        }
    }
    Ok(())
}

pub async fn find(
    db: &Db,
    from: &str,
    to: &str,
    k: u8,
    max_hops: HopBound,
    kinds: Vec<RelKind>,
    synthetic: Option<bool>,
) -> Result<PathAnswer, Error> {
    let what = ["organisation (from)", "organisation (to)"];
    ensure_exist(db, &[from, to], &what).await?;
    let twins: Vec<&str> = kinds.iter().filter_map(|k| k.reverse_twin()).collect();
    let types: Vec<&str> = kinds
        .iter()
        .map(|k| k.rel_type())
        .chain(twins.iter().copied())
        .collect();
    let text = PATHS.replace("__MAX_HOPS__", max_hops.literal());
    let q = query(&text)
        .param("from", from)
        .param("to", to)
        .param("k", i64::from(k))
        .param("types", types)
        .param("twins", twins)
        .param("synthetic", synthetic);
    let mut paths = Vec::new();
    for row in db.rows(q).await? {
        let nodes: Vec<PathNode> = row.get("nodes").map_err(DbError::from)?;
        let rels: Vec<StoredRel> = row.get("rels").map_err(DbError::from)?;
        let evidence: Evidence = row.get("evidence").map_err(DbError::from)?;
        let hops = rels
            .into_iter()
            .enumerate()
            .filter_map(|(i, r)| {
                Some(Hop {
                    from: nodes.get(i)?.clone(),
                    to: nodes.get(i + 1)?.clone(),
                    relationship_id: r.id,
                    kind: RelKind::from_rel_type(&r.rel_type)?,
                    product: r.product,
                    technology: r.technology,
                    mode: r.mode,
                    year: r.year,
                    source: r.source,
                    reversed: r.reversed,
                })
            })
            .collect::<Vec<_>>();
        paths.push(Path {
            length: hops.len(),
            hops,
            evidence,
        });
    }
    Ok(PathAnswer {
        from: from.into(),
        to: to.into(),
        k,
        max_hops: max_hops.0,
        kinds,
        paths,
    })
}
