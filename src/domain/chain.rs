//! The six key industrial chains (六链) and the stages of their links.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One of the six key industrial chains jointly fostered by Beijing, Tianjin and Hebei.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ChainId {
    Hydrogen,
    NevIcv,
    Biomedicine,
    CybersecIiot,
    MachineTools,
    Robotics,
}

impl ChainId {
    pub const ALL: [ChainId; 6] = [
        ChainId::Hydrogen,
        ChainId::NevIcv,
        ChainId::Biomedicine,
        ChainId::CybersecIiot,
        ChainId::MachineTools,
        ChainId::Robotics,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChainId::Hydrogen => "hydrogen",
            ChainId::NevIcv => "nev-icv",
            ChainId::Biomedicine => "biomedicine",
            ChainId::CybersecIiot => "cybersec-iiot",
            ChainId::MachineTools => "machine-tools",
            ChainId::Robotics => "robotics",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkLevel {
    #[default]
    Link,
    SubLink,
}

impl LinkLevel {
    /// The value queries compare with a segment's `level`.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkLevel::Link => "link",
            LinkLevel::SubLink => "sub_link",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_serde() {
        for chain in ChainId::ALL {
            assert_eq!(ChainId::parse(chain.as_str()), Some(chain));
            let json = serde_json::to_string(&chain).unwrap();
            assert_eq!(json, format!("\"{}\"", chain.as_str()));
        }
        assert_eq!(ChainId::parse("quantum"), None);
    }
}
