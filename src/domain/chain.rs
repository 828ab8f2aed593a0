//! The six key industrial chains (六链) and the stages of their links.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One of the six key industrial chains jointly fostered by Beijing, Tianjin and Hebei.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum ChainId {
    Hydrogen,
    NevIcv,
    Biomedicine,
    CybersecIiot,
    MachineTools,
    Robotics,
}

impl ChainId {
    pub const ALL: &'static [ChainId] = <ChainId as strum::VariantArray>::VARIANTS;

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }
}

/// Where a link sits in its chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Upstream,
    Midstream,
    Downstream,
}

/// How finely a chain is divided: into its links, or down to their sub-links (a link without
/// sub-links stands for itself there).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum LinkLevel {
    #[default]
    Link,
    SubLink,
}

impl LinkLevel {
    /// The value queries compare with a segment's `level`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_serde() {
        for &chain in ChainId::ALL {
            assert_eq!(ChainId::parse(chain.as_str()), Some(chain));
            let json = serde_json::to_string(&chain).unwrap();
            assert_eq!(json, format!("\"{}\"", chain.as_str()));
        }
        assert_eq!(ChainId::parse("quantum"), None);
    }
}
