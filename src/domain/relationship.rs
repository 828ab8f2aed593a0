//! Relationships between organisations (and from an organisation to the region it left).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::domain::coded_enum! {
    /// Every kind of relationship the graph records; each maps to one Neo4j relationship type.
    pub enum RelKind: "snake_case" {
        Supplies,
        TransfersTechnology,
        InvestsIn,
        CooperatesWith,
        Incubates,
        BranchOf,
        /// From an organisation to the region it moved out of.
        RelocatedFrom,
    }
}

impl RelKind {
    /// Every kind but a relocation, whose other end is a region: `RelocatedFrom` is declared last.
    pub const BETWEEN_ORGANISATIONS: &'static [RelKind] = match Self::ALL.split_last() {
        Some((_, between)) => between,
        None => &[],
    };

    /// The relationship types between organisations, as Cypher parameters take them.
    pub fn between_organisation_types() -> Vec<String> {
        Self::BETWEEN_ORGANISATIONS
            .iter()
            .map(|k| k.rel_type().to_owned())
            .collect()
    }

    pub fn from_rel_type(t: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.rel_type() == t)
    }

    pub fn rel_type(self) -> &'static str {
        match self {
            RelKind::Supplies => "SUPPLIES",
            RelKind::TransfersTechnology => "TRANSFERS_TECHNOLOGY",
            RelKind::InvestsIn => "INVESTS_IN",
            RelKind::CooperatesWith => "COOPERATES_WITH",
            RelKind::Incubates => "INCUBATES",
            RelKind::BranchOf => "BRANCH_OF",
            RelKind::RelocatedFrom => "RELOCATED_FROM",
        }
    }

    /// The relationship type written beside each of this kind, the other way round, for a
    /// kind that paths follow both ways: a parent reaches its branch plant as directly as the
    /// branch reaches its parent. The twin carries the original's `id` and `synthetic` only;
    /// everything else is read from the original. Directed expansion over twins is what keeps
    /// paths fast: following every relationship undirected doubled their cost.
    pub fn reverse_twin(self) -> Option<&'static str> {
        match self {
            RelKind::BranchOf => Some("HAS_BRANCH"),
            _ => None,
        }
    }

    /// Every reverse twin's type: never a relationship of its own.
    pub fn twin_types() -> Vec<&'static str> {
        Self::ALL
            .iter()
            .copied()
            .filter_map(Self::reverse_twin)
            .collect()
    }
}

/// How technology moved from one organisation to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransferMode {
    Licence,
    Assignment,
    JointRd,
    SpinOff,
    /// Prototype or pilot production of the source's design at the target's plant.
    PilotProduction,
    /// Between units of the same group (e.g. an R&D centre and the group's plant).
    IntraGroup,
}

crate::domain::coded_enum! {
    /// Which of an organisation's relationships: those it starts, those that reach it, or both.
    pub enum Direction: "lowercase" {
        Out,
        In,
        Both,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_upper_snake_identifiers() {
        for kind in RelKind::BETWEEN_ORGANISATIONS {
            let t = kind.rel_type();
            assert!(t.chars().all(|c| c.is_ascii_uppercase() || c == '_'), "{t}");
        }
    }

    #[test]
    fn the_listing_covers_every_type() {
        let list = include_str!("../../cypher/relationships/list.cypher");
        for kind in RelKind::ALL {
            let t = kind.rel_type();
            assert!(
                list.contains(&format!("[r:{t}]->(b)\n  WHERE '{t}' IN $types")),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn the_lookup_by_id_covers_every_type() {
        let get = include_str!("../../cypher/relationships/get.cypher");
        for kind in RelKind::ALL {
            assert!(
                get.contains(&format!("[r:{} {{id: $id}}]", kind.rel_type())),
                "{kind:?}"
            );
        }
    }
}
