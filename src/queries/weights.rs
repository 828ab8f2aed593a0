//! How much a firm counts in the chain rules: by size, by its role in a link, by its tags. The
//! formulas are in docs/QUERIES.md.

use crate::domain::{Scale, SegmentRole, Tag};

/// Large 8, medium 4, small 2, micro or unknown 1: roughly doubling per size class.
pub fn scale_weight(scale: Option<Scale>) -> f64 {
    match scale {
        Some(Scale::Large) => 8.0,
        Some(Scale::Medium) => 4.0,
        Some(Scale::Small) => 2.0,
        Some(Scale::Micro) | None => 1.0,
    }
}

/// A firm's capacity in one link: its size weight, doubled when it leads the link or the chain
/// (`leader` role or `chain_leader` tag), halved when it only supports the link, and half as
/// much again for a little giant (专精特新"小巨人").
pub fn capacity(scale: Option<Scale>, role: Option<SegmentRole>, tags: &[Tag]) -> f64 {
    let leads = role == Some(SegmentRole::Leader) || tags.contains(&Tag::ChainLeader);
    let role_factor = match role {
        _ if leads => 2.0,
        Some(SegmentRole::Supporting) => 0.5,
        _ => 1.0,
    };
    let tag_factor = if tags.contains(&Tag::LittleGiant) {
        1.5
    } else {
        1.0
    };
    scale_weight(scale) * role_factor * tag_factor
}

/// The location quotient of a link in a target region: the link's share of the target's
/// capacity in the chain over its share of the whole region's. `None` when the target has no
/// capacity in the chain at all (nothing to compare).
pub fn location_quotient(
    target_link: f64,
    target_chain: f64,
    all_link: f64,
    all_chain: f64,
) -> Option<f64> {
    if target_chain <= 0.0 || all_link <= 0.0 || all_chain <= 0.0 {
        return None;
    }
    Some((target_link / target_chain) / (all_link / all_chain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_weighs_size_role_and_tags() {
        use SegmentRole::*;
        assert_eq!(capacity(Some(Scale::Large), Some(Leader), &[]), 16.0);
        assert_eq!(
            capacity(Some(Scale::Medium), Some(Core), &[Tag::LittleGiant]),
            6.0
        );
        assert_eq!(capacity(Some(Scale::Small), Some(Supporting), &[]), 1.0);
        assert_eq!(capacity(None, None, &[Tag::ChainLeader]), 2.0);
    }

    #[test]
    fn location_quotient_compares_shares() {
        // The target holds 6 of its 10 chain capacity in the link; the whole region 20 of 100:
        // 0.6 / 0.2 = 3.
        let lq = location_quotient(6.0, 10.0, 20.0, 100.0).unwrap();
        assert!((lq - 3.0).abs() < 1e-12);
        assert_eq!(location_quotient(0.0, 0.0, 20.0, 100.0), None);
    }
}
