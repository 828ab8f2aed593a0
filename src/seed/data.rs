//! The seed files under `seeds/`, embedded in the binary and checked before anything is written.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::domain::{
    ClusterKind, OrgKind, RdKind, RelKind, Scale, SegmentRole, Stage, Tag, TransferMode, Uscc,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionRow {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub level: String,
    pub parent: Option<String>,
    /// A second parent the division also counts with (Xiong'an's counties: Baoding).
    #[serde(default)]
    pub also_in: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkRow {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub stage: Stage,
    pub feeds: Vec<String>,
    /// Links of other chains this one supplies (fuel-cell systems → vehicles).
    #[serde(default)]
    pub feeds_other_chains: Vec<String>,
    /// The finer classes the reporting puts the bottlenecks in (a stack's membrane electrode
    /// assemblies); firms may operate in either.
    #[serde(default)]
    pub sub_links: Vec<SubLinkRow>,
}

/// A sub-link: at its link's stage and place in the chain; its id starts with the link's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubLinkRow {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Links or sub-links of the same chain it supplies, its own link included.
    pub feeds: Vec<String>,
    #[serde(default)]
    pub feeds_other_chains: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainRow {
    pub id: crate::domain::ChainId,
    pub name_zh: String,
    pub name_en: String,
    pub links: Vec<LinkRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterRow {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: ClusterKind,
    pub listed_year: Option<i64>,
    pub lead_region: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The five-groups clusters a national cluster is nearest to.
    #[serde(default)]
    pub corresponds_to: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParkRow {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub region: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipRow {
    pub segment: String,
    pub role: SegmentRole,
    pub products: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapabilityRow {
    pub segment: String,
    pub technology: String,
    pub readiness: i64,
    pub evidence: Option<String>,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgRow {
    pub id: String,
    pub kind: OrgKind,
    #[serde(default)]
    pub rd_kind: Option<RdKind>,
    #[serde(default)]
    pub uscc: Option<String>,
    pub name_zh: String,
    pub name_en: String,
    pub region: String,
    #[serde(default)]
    pub scale: Option<Scale>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub description: Option<String>,
    pub synthetic: bool,
    pub source: String,
    pub segments: Vec<MembershipRow>,
    #[serde(default)]
    pub capabilities: Vec<CapabilityRow>,
    pub clusters: Vec<String>,
    #[serde(default)]
    pub park: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelRow {
    pub id: String,
    pub kind: RelKind,
    pub source_id: String,
    pub target_id: String,
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub technology: Option<String>,
    #[serde(default)]
    pub mode: Option<TransferMode>,
    #[serde(default)]
    pub year: Option<i64>,
    #[serde(default)]
    pub valid_from: Option<i64>,
    #[serde(default)]
    pub share: Option<f64>,
    #[serde(default)]
    pub topic: Option<String>,
    pub synthetic: bool,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelocationRow {
    pub id: String,
    pub org: String,
    pub from_region: String,
    pub year: i64,
    pub scope: String,
    pub synthetic: bool,
    pub source: String,
}

#[derive(Debug, Deserialize)]
struct Sourced<T> {
    source: String,
    #[serde(
        alias = "regions",
        alias = "chains",
        alias = "clusters",
        alias = "parks"
    )]
    rows: Vec<T>,
}

#[derive(Debug, Deserialize)]
struct Organisations {
    organisations: Vec<OrgRow>,
}

#[derive(Debug, Deserialize)]
struct Relationships {
    relationships: Vec<RelRow>,
    relocations: Vec<RelocationRow>,
}

pub struct SeedData {
    pub regions: (String, Vec<RegionRow>),
    pub chains: (String, Vec<ChainRow>),
    pub clusters: (String, Vec<ClusterRow>),
    pub parks: (String, Vec<ParkRow>),
    pub organisations: Vec<OrgRow>,
    pub relationships: Vec<RelRow>,
    pub relocations: Vec<RelocationRow>,
}

#[derive(Debug, thiserror::Error)]
#[error("seed data: {0}")]
pub struct SeedError(pub String);

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, SeedError> {
    serde_json::from_str(text).map_err(|e| SeedError(format!("{name}: {e}")))
}

fn sourced<T: serde::de::DeserializeOwned>(
    name: &str,
    text: &str,
) -> Result<(String, Vec<T>), SeedError> {
    let s: Sourced<T> = parse(name, text)?;
    Ok((s.source, s.rows))
}

const SYNTHETIC_ZH: &str = "【演示】";
const SYNTHETIC_EN: &str = "[DEMO] ";

impl SeedData {
    /// The seed files compiled into this binary, parsed and checked.
    pub fn embedded() -> Result<Self, SeedError> {
        let rels: Relationships = parse(
            "relationships.json",
            include_str!("../../seeds/demo/relationships.json"),
        )?;
        let orgs: Organisations = parse(
            "organisations.json",
            include_str!("../../seeds/demo/organisations.json"),
        )?;
        let data = SeedData {
            regions: sourced(
                "regions.json",
                include_str!("../../seeds/reference/regions.json"),
            )?,
            chains: sourced(
                "chains.json",
                include_str!("../../seeds/reference/chains.json"),
            )?,
            clusters: sourced(
                "clusters.json",
                include_str!("../../seeds/reference/clusters.json"),
            )?,
            parks: sourced(
                "parks.json",
                include_str!("../../seeds/reference/parks.json"),
            )?,
            organisations: orgs.organisations,
            relationships: rels.relationships,
            relocations: rels.relocations,
        };
        data.check()?;
        Ok(data)
    }

    fn check(&self) -> Result<(), SeedError> {
        let fail = |m: String| Err(SeedError(m));
        let regions: HashSet<&str> = self.regions.1.iter().map(|r| r.code.as_str()).collect();
        for r in &self.regions.1 {
            for p in r.parent.iter().chain(&r.also_in) {
                if !regions.contains(p.as_str()) {
                    return fail(format!("region {} has unknown parent {p}", r.code));
                }
            }
        }
        // Every link and sub-link: its chain and its link's place in the chain.
        let mut position = HashMap::new();
        for chain in &self.chains.1 {
            for (i, link) in chain.links.iter().enumerate() {
                let ids = std::iter::once(&link.id).chain(link.sub_links.iter().map(|s| &s.id));
                for id in ids {
                    if position.insert(id.as_str(), (chain.id, i)).is_some() {
                        return fail(format!("link {id} appears twice"));
                    }
                }
            }
        }
        let cross_chain = |from: &str, next: &str, chain| match position.get(next) {
            Some((c, _)) if *c != chain => Ok(()),
            _ => fail(format!("{from} feeds {next}: not a link of another chain")),
        };
        for chain in &self.chains.1 {
            for (i, link) in chain.links.iter().enumerate() {
                for next in &link.feeds {
                    match position.get(next.as_str()) {
                        Some((c, j)) if *c == chain.id && *j > i => {}
                        _ => return fail(format!("{} feeds {next}: not a later link", link.id)),
                    }
                }
                for next in &link.feeds_other_chains {
                    cross_chain(&link.id, next, chain.id)?;
                }
                for sub in &link.sub_links {
                    if sub
                        .id
                        .strip_prefix(link.id.as_str())
                        .and_then(|r| r.strip_prefix('.'))
                        .is_none_or(str::is_empty)
                    {
                        return fail(format!(
                            "sub-link {} does not start with {}.",
                            sub.id, link.id
                        ));
                    }
                    // Never upstream of its own link, so the feeds stay without cycles.
                    for next in &sub.feeds {
                        match position.get(next.as_str()) {
                            Some((c, j)) if *c == chain.id && *j >= i && *next != sub.id => {}
                            _ => {
                                let why = "not its own link nor a later (sub-)link";
                                return fail(format!("{} feeds {next}: {why}", sub.id));
                            }
                        }
                    }
                    for next in &sub.feeds_other_chains {
                        cross_chain(&sub.id, next, chain.id)?;
                    }
                }
            }
        }
        let clusters: HashSet<&str> = self.clusters.1.iter().map(|c| c.id.as_str()).collect();
        check_correspondence(&self.clusters.1)?;
        let parks: HashSet<&str> = self.parks.1.iter().map(|p| p.id.as_str()).collect();
        let mut synthetic = HashMap::new();
        for o in &self.organisations {
            check_org(o, &regions, &position, &clusters, &parks)?;
            if synthetic.insert(o.id.as_str(), o.synthetic).is_some() {
                return fail(format!("organisation {} appears twice", o.id));
            }
        }
        for r in &self.relationships {
            let ends = (
                synthetic.get(r.source_id.as_str()),
                synthetic.get(r.target_id.as_str()),
            );
            match ends {
                (Some(_), Some(_)) if r.source_id == r.target_id => {
                    return fail(format!("{}: self-loop", r.id))
                }
                (Some(a), Some(b)) if r.synthetic && !(*a && *b) => {
                    return fail(format!(
                        "{}: synthetic relationship touches a real organisation",
                        r.id
                    ))
                }
                (Some(_), Some(_)) => {}
                _ => return fail(format!("{}: unknown endpoint", r.id)),
            }
            if !r.synthetic {
                check_report(&r.source).or_else(|m| fail(format!("{}: {m}", r.id)))?;
            }
        }
        for r in &self.relocations {
            if !synthetic.contains_key(r.org.as_str()) || !regions.contains(r.from_region.as_str())
            {
                return fail(format!(
                    "relocation {}: unknown organisation or region",
                    r.id
                ));
            }
            if !r.synthetic {
                check_report(&r.source).or_else(|m| fail(format!("relocation {}: {m}", r.id)))?;
            }
        }
        Ok(())
    }
}

fn check_org(
    o: &OrgRow,
    regions: &HashSet<&str>,
    segments: &HashMap<&str, (crate::domain::ChainId, usize)>,
    clusters: &HashSet<&str>,
    parks: &HashSet<&str>,
) -> Result<(), SeedError> {
    let fail = |m: &str| Err(SeedError(format!("organisation {}: {m}", o.id)));
    if !regions.contains(o.region.as_str()) {
        return fail("unknown region");
    }
    if let Some(code) = &o.uscc {
        if let Err(e) = Uscc::parse(code) {
            return fail(&format!("uscc {code}: {e}"));
        }
    }
    let marked = o.name_zh.starts_with(SYNTHETIC_ZH) && o.name_en.starts_with(SYNTHETIC_EN);
    if o.synthetic != marked {
        return fail("synthetic organisations, and only they, are named 【演示】/[DEMO]");
    }
    if o.source.trim().is_empty() {
        return fail("no source");
    }
    if !o.synthetic {
        check_report(&o.source).or_else(|m| fail(&m))?;
    }
    if o.segments
        .iter()
        .any(|m| !segments.contains_key(m.segment.as_str()))
    {
        return fail("unknown segment");
    }
    if o.capabilities
        .iter()
        .any(|c| !segments.contains_key(c.segment.as_str()) || !(1..=9).contains(&c.readiness))
    {
        return fail("capability in an unknown link or with a readiness outside 1 to 9");
    }
    if !o.capabilities.is_empty() && o.kind != OrgKind::RdSource {
        return fail("only R&D sources have capabilities");
    }
    if o.clusters.iter().any(|c| !clusters.contains(c.as_str())) {
        return fail("unknown cluster");
    }
    if o.park.as_deref().is_some_and(|p| !parks.contains(p)) {
        return fail("unknown park");
    }
    if (o.kind == OrgKind::RdSource) != o.rd_kind.is_some() {
        return fail("rd_kind is required for R&D sources and only for them");
    }
    Ok(())
}

/// A real record cites the report that states it, with the address where it can be read; our
/// own compilation of the reporting (the domain notes) is not a source.
fn check_report(source: &str) -> Result<(), String> {
    if !(source.contains("https://") || source.contains("http://")) {
        return Err(format!("source {source:?} gives no address of the report"));
    }
    if source.contains("domain notes") || source.contains("domain.md") {
        return Err(format!(
            "source {source:?} cites the domain notes, not a report"
        ));
    }
    Ok(())
}

/// Correspondence runs from a national cluster to one of the five groups, never within a list.
fn check_correspondence(clusters: &[ClusterRow]) -> Result<(), SeedError> {
    let kinds: HashMap<&str, ClusterKind> =
        clusters.iter().map(|c| (c.id.as_str(), c.kind)).collect();
    for c in clusters {
        for other in &c.corresponds_to {
            let ok = c.kind == ClusterKind::National
                && kinds.get(other.as_str()) == Some(&ClusterKind::FiveGroups);
            if !ok {
                return Err(SeedError(format!(
                    "cluster {} corresponds to {other}: a national cluster maps to one of the five groups",
                    c.id
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_record_needs_a_report_with_an_address() {
        assert!(check_report("Xinhua, 2025-04-02, a title, https://example.org/a").is_ok());
        assert!(check_report("Economic Daily 2025-07-14").is_err());
        assert!(check_report("compiled in the domain notes, https://example.org").is_err());
    }

    #[test]
    fn the_five_groups_and_the_national_list_are_both_seeded_and_mapped() {
        let data = SeedData::embedded().unwrap();
        let five: Vec<&str> = data
            .clusters
            .1
            .iter()
            .filter(|c| c.kind == ClusterKind::FiveGroups)
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(
            five,
            [
                "ic",
                "cybersecurity",
                "biomedicine",
                "power-equipment",
                "safety-emergency"
            ]
        );
        let national = data
            .clusters
            .1
            .iter()
            .filter(|c| c.kind == ClusterKind::National);
        assert_eq!(national.clone().count(), 7);
        let life = data
            .clusters
            .1
            .iter()
            .find(|c| c.id == "life-health")
            .unwrap();
        assert_eq!(life.corresponds_to, ["biomedicine"]);
        let mut wrong = data.clusters.1;
        wrong[0].corresponds_to = vec!["life-health".into()];
        assert!(check_correspondence(&wrong).is_err());
    }

    #[test]
    fn sub_links_sit_under_their_link_and_never_feed_upstream() {
        let mut data = SeedData::embedded().unwrap();
        let hydrogen = &mut data.chains.1[0];
        let stack = hydrogen
            .links
            .iter_mut()
            .find(|l| l.id == "hydrogen.stack-mea")
            .unwrap();
        let subs: Vec<&str> = stack.sub_links.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            subs,
            [
                "hydrogen.stack-mea.mea",
                "hydrogen.stack-mea.catalysts-membranes"
            ]
        );
        stack.sub_links[0].feeds = vec!["hydrogen.production".into()];
        let err = data.check().unwrap_err().0;
        assert!(
            err.contains("hydrogen.stack-mea.mea feeds hydrogen.production"),
            "{err}"
        );

        let mut data = SeedData::embedded().unwrap();
        data.chains.1[0].links[0].sub_links[0].id = "hydrogen.electrolysers".into();
        let err = data.check().unwrap_err().0;
        assert!(
            err.contains("does not start with hydrogen.production."),
            "{err}"
        );
    }

    #[test]
    fn embedded_seeds_parse_and_pass_their_checks() {
        let data = SeedData::embedded().unwrap();
        assert_eq!(data.chains.1.len(), 6);
        assert!(data.chains.1.iter().all(|c| c.links.len() >= 6));
        assert!(data.organisations.len() >= 60);
        assert!(data.relationships.len() >= 120);
    }

    #[test]
    fn every_chain_has_firms_in_each_of_the_three() {
        let data = SeedData::embedded().unwrap();
        for chain in &data.chains.1 {
            for province in ["11", "12", "13"] {
                let present = data.organisations.iter().any(|o| {
                    o.region.starts_with(province)
                        && o.segments
                            .iter()
                            .any(|m| m.segment.starts_with(chain.id.as_str()))
                });
                assert!(present, "{} has no firm in {province}", chain.id.as_str());
            }
        }
    }
}
