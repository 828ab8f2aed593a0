//! The two lists of clusters the region works with, which are not the same list.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Which list a cluster is on: one of the five strategic emerging industry clusters the three
/// governments build together (五群 of 六链五群, named in 2023), or a cluster on MIIT's national
/// advanced-manufacturing cluster list. A national cluster may correspond to one of the five
/// but is a different, organised body.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ClusterKind {
    FiveGroups,
    National,
}

impl ClusterKind {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}
