//! Investment leads (堵点招商): for each link missing or weak in the target region, the firms
//! elsewhere in Beijing–Tianjin–Hebei worth attracting, ranked, each with the form of presence to
//! propose. The rule and a worked example are in docs/QUERIES.md ("Investment leads").

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Which;
use crate::domain::Scale;
use crate::queries::chain_graph::{ChainGraph, LeadFacts};
use crate::queries::chain_map::{LinkFirm, LinkFirms, LinkStanding, Strength};
use crate::queries::weights::scale_weight;

/// Where R&D-origin technology counts from: Beijing, the region's R&D centre.
const ORIGIN_PROVINCE: &str = "110000";

/// The presence to propose to a candidate in the target region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LeadForm {
    /// A pilot or production line of technology it holds from Beijing R&D.
    PilotLine,
    /// Moving there: proposed only for Beijing firms (relocating non-capital functions, 疏解)
    /// most of whose customers are already in the target region.
    Relocation,
    /// A branch plant near its customers; what a partner city's firm is offered.
    Branch,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"rank": 1, "id": "demo-robotics-59", "name_zh": "【演示】西青金桥减速器有限公司",
    "region_code": "120111", "customers_in_target": 1, "supplies_target_leaders": 0,
    "customers_total": 3, "beijing_rd_origin": false, "score": 1.0, "form": "branch",
    "verified": false, "scale": "micro",
    "reason": "supplies 1 河北省 enterprise(s), 0 of them chain leaders; no Beijing R&D origin; propose a branch"}))]
pub struct Candidate {
    pub rank: usize,
    pub id: String,
    pub name_zh: String,
    pub region_code: Option<String>,
    /// Distinct target-region enterprises it already supplies: demand the region meets from
    /// outside.
    pub customers_in_target: i64,
    /// How many of them are chain leaders.
    pub supplies_target_leaders: i64,
    /// Its distinct customers anywhere.
    pub customers_total: i64,
    /// It holds technology transferred from, or was incubated by, a Beijing R&D source.
    pub beijing_rd_origin: bool,
    /// `customers_in_target + 2 × supplies_target_leaders + (1 if beijing_rd_origin)`.
    pub score: f64,
    pub form: LeadForm,
    pub verified: bool,
    pub scale: Option<Scale>,
    /// Why it ranks where it does and why this form.
    pub reason: String,
}

/// A link missing or weak in the target region, with firms elsewhere in the region to attract.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InvestmentLead {
    pub link: String,
    pub link_name_zh: String,
    pub strength: Strength,
    pub target_count: usize,
    /// How many firms elsewhere in the region operate in the link.
    pub candidate_count: usize,
    /// The best `top` of them.
    pub candidates: Vec<Candidate>,
}

pub fn score(customers_in_target: i64, leaders: i64, origin_rd: bool) -> f64 {
    (customers_in_target + 2 * leaders) as f64 + if origin_rd { 1.0 } else { 0.0 }
}

/// Pilot line for Beijing R&D-origin technology; relocation only for a Beijing firm with at
/// least half its customers in the target (a firm in Tianjin or another Hebei city is a partner,
/// never a relocation target); a branch otherwise.
pub fn form(
    province: Option<&str>,
    facts_in_target: i64,
    customers_total: i64,
    origin_rd: bool,
) -> LeadForm {
    if origin_rd {
        LeadForm::PilotLine
    } else if province == Some(ORIGIN_PROVINCE)
        && facts_in_target > 0
        && 2 * facts_in_target >= customers_total
    {
        LeadForm::Relocation
    } else {
        LeadForm::Branch
    }
}

/// The `top` candidates of a link, ranked, and how many there are in all.
fn rank(
    firms: &[LinkFirm],
    facts: &HashMap<String, LeadFacts>,
    target_name: &str,
    top: usize,
) -> (Vec<Candidate>, usize) {
    let none = LeadFacts::default();
    let mut outside: Vec<(&LinkFirm, &LeadFacts, f64)> = firms
        .iter()
        .filter(|f| !f.in_target && f.province.is_some())
        .map(|f| {
            let known = facts.get(&f.id).unwrap_or(&none);
            (
                f,
                known,
                score(known.customers, known.leaders, known.origin_rd),
            )
        })
        .collect();
    // Highest score, then verified, then larger, then id.
    outside.sort_by(|(a, _, sa), (b, _, sb)| {
        sb.total_cmp(sa)
            .then(b.verified.cmp(&a.verified))
            .then(scale_weight(b.scale).total_cmp(&scale_weight(a.scale)))
            .then(a.id.cmp(&b.id))
    });
    let count = outside.len();
    let ranked = outside
        .into_iter()
        .take(top)
        .enumerate()
        .map(|(i, (f, known, score))| {
            let form = form(
                f.province.as_deref(),
                known.customers,
                known.customers_total,
                known.origin_rd,
            );
            let origin = if known.origin_rd { "Beijing R&D origin" } else { "no Beijing R&D origin" };
            let proposal = match form {
                LeadForm::PilotLine => "propose a pilot line",
                LeadForm::Relocation => "propose relocation",
                LeadForm::Branch => "propose a branch",
            };
            Candidate {
                rank: i + 1,
                id: f.id.clone(),
                name_zh: f.name_zh.clone(),
                region_code: f.region_code.clone(),
                customers_in_target: known.customers,
                supplies_target_leaders: known.leaders,
                customers_total: known.customers_total,
                beijing_rd_origin: known.origin_rd,
                score,
                form,
                verified: f.verified,
                scale: f.scale,
                reason: format!(
                    "supplies {} {target_name} enterprise(s), {} of them chain leaders; {origin}; {proposal}",
                    known.customers, known.leaders
                ),
            }
        })
        .collect();
    (ranked, count)
}

/// The leads of a chain: its links graded missing or weak (`standings`, in the links' order).
pub fn investment_leads(
    graph: &ChainGraph,
    links: &[LinkFirms],
    standings: &[LinkStanding],
    target: &str,
    target_name: &str,
    top: usize,
    which: Which,
) -> Vec<InvestmentLead> {
    let leading: Vec<(&LinkFirms, &LinkStanding)> = links
        .iter()
        .zip(standings)
        .filter(|(_, s)| matches!(s.strength, Strength::Missing | Strength::Weak))
        .collect();
    let outside_ids: Vec<&str> = leading
        .iter()
        .flat_map(|(l, _)| &l.firms)
        .filter(|f| !f.in_target)
        .map(|f| f.id.as_str())
        .collect();
    let facts = graph.lead_facts(
        &outside_ids,
        target,
        ORIGIN_PROVINCE,
        which.synthetic,
        which.as_of,
    );
    leading
        .into_iter()
        .map(|(l, standing)| {
            let (candidates, candidate_count) = rank(&l.firms, &facts, target_name, top);
            InvestmentLead {
                link: l.link.id.clone(),
                link_name_zh: l.link.name_zh.clone(),
                strength: standing.strength,
                target_count: standing.target_count,
                candidate_count,
                candidates,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaders_weigh_double_and_beijing_rd_adds_one() {
        assert_eq!(score(3, 0, false), 3.0);
        assert_eq!(score(1, 1, true), 4.0);
    }

    #[test]
    fn only_beijing_firms_are_proposed_relocation() {
        use LeadForm::*;
        assert_eq!(form(Some("110000"), 2, 3, true), PilotLine);
        assert_eq!(form(Some("110000"), 2, 4, false), Relocation);
        assert_eq!(
            form(Some("110000"), 1, 4, false),
            Branch,
            "most customers elsewhere"
        );
        assert_eq!(
            form(Some("120000"), 4, 4, false),
            Branch,
            "a partner's firm"
        );
        assert_eq!(
            form(Some("130000"), 4, 4, false),
            Branch,
            "a partner's firm"
        );
        assert_eq!(form(Some("110000"), 0, 0, false), Branch);
    }
}
