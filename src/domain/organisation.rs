//! Organisations: enterprises and R&D sources, and the vocabularies that describe them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::domain::coded_enum! {
    /// The two kinds of organisation; each is a Neo4j label next to `Organisation`.
    pub enum OrgKind: "snake_case" {
        Enterprise,
        RdSource,
    }
}

impl OrgKind {
    /// The prefix of the ids the API generates for this kind.
    pub fn id_prefix(self) -> &'static str {
        match self {
            OrgKind::Enterprise => "ent",
            OrgKind::RdSource => "rd",
        }
    }

    /// The API's collection of this kind (`/api/v1/enterprises`).
    pub fn collection(self) -> &'static str {
        match self {
            OrgKind::Enterprise => "enterprises",
            OrgKind::RdSource => "rd-sources",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Enterprise => "Enterprise",
            OrgKind::RdSource => "RdSource",
        }
    }
}

/// What kind of R&D source an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RdKind {
    University,
    Institute,
    NationalKeyLab,
    KeyLab,
    InnovationCentre,
    EnterpriseRdCentre,
}

crate::domain::coded_enum! {
    /// Enterprise size class (大/中/小/微).
    pub enum Scale: "snake_case" {
        Large,
        Medium,
        Small,
        Micro,
    }
}

/// Recognitions an enterprise can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tag {
    /// 链主: the chain leader firm.
    ChainLeader,
    /// 专精特新"小巨人".
    LittleGiant,
    /// 高新技术企业.
    HighTech,
}

/// The part an enterprise plays in a chain link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SegmentRole {
    Leader,
    Core,
    Supporting,
}

/// Legal-form and filler words that do not tell two organisations apart.
const NAME_NOISE: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
    "公司",
    "【演示】",
    "[demo]",
    "co.,ltd.",
    "co., ltd.",
    "co.",
    "ltd.",
    "ltd",
    "limited",
    "group",
    "inc.",
    "inc",
];

/// A comparison key for spotting near-duplicate names: lower case, without legal-form words,
/// spaces and punctuation. "北京星衡科技有限公司" and "北京星衡科技" share a key.
pub fn name_key(name: &str) -> String {
    let mut key = name.to_lowercase();
    for noise in NAME_NOISE {
        key = key.replace(noise, "");
    }
    key.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn legal_forms_spaces_and_case_do_not_matter() {
        assert_eq!(name_key("北京星衡科技有限公司"), name_key("北京星衡科技"));
        assert_eq!(
            name_key("Xingheng Robotics Co., Ltd."),
            name_key("xingheng robotics")
        );
        assert_ne!(name_key("北京星衡科技"), name_key("天津星衡科技"));
    }
}
