//! The six key industrial chains (六链) and the stages of their links.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::domain::coded_enum! {
    /// One of the six key industrial chains jointly fostered by Beijing, Tianjin and Hebei.
    #[derive(PartialOrd, Ord)]
    pub enum ChainId: "kebab-case" {
        Hydrogen,
        NevIcv,
        Biomedicine,
        CybersecIiot,
        MachineTools,
        Robotics,
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

crate::domain::coded_enum! {
    /// How finely a chain is divided: into its links, or down to their sub-links (a link without
    /// sub-links stands for itself there).
    #[derive(Default)]
    pub enum LinkLevel: "snake_case" {
        #[default]
        Link,
        SubLink,
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
