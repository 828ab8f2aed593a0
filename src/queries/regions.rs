//! The administrative divisions of Beijing, Tianjin and Hebei (GB/T 2260) and their parks, as
//! reference data: what region pickers and region filters are built from.

use neo4rs::query;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::Db;
use crate::error::Error;

const LIST: &str = include_str!("../../cypher/queries/regions.cypher");

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province,
    /// A prefecture-level city, or Xiong'an New Area.
    City,
    /// A county-level division: district, county or county-level city.
    District,
}

/// A park (园区) located in a region.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ParkRef {
    #[schema(example = "xiongan-zgc")]
    pub id: String,
    #[schema(example = "雄安新区中关村科技园")]
    pub name_zh: String,
    pub name_en: Option<String>,
    /// Names it went by before (a park renamed).
    #[serde(default)]
    pub former_names: Vec<String>,
    /// Who builds and runs it together (共建), where reported.
    #[serde(default)]
    #[schema(example = json!(["雄安新区改革发展局", "中国雄安集团有限公司", "中关村发展集团股份有限公司"]))]
    pub co_builders: Vec<String>,
    /// How they share it: 共建、共管、共享, who supervises what.
    pub arrangement: Option<String>,
    /// The reports its facts rest on.
    pub source: Option<String>,
}

/// An administrative division.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"code": "130629", "name_zh": "容城县", "name_en": "Rongcheng County",
    "level": "district", "parent": "133100", "also_part_of": "130600", "gbt2260": true, "parks": []}))]
pub struct Region {
    /// GB/T 2260 code.
    pub code: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub level: RegionLevel,
    /// The division it is part of (none for a province).
    pub parent: Option<String>,
    /// A second division it counts in: the Xiong'an counties lie in Baoding's code range and
    /// are found by a filter on either (docs/API.md).
    pub also_part_of: Option<String>,
    /// False for a code that is no GB/T 2260 administrative division: Xiong'an New Area
    /// (133100) is a functional zone, its code the one in use for it.
    pub gbt2260: bool,
    pub parks: Vec<ParkRef>,
}

pub async fn list(db: &Db) -> Result<Vec<Region>, Error> {
    Ok(db.column(query(LIST), "region").await?)
}
