//! The seed files under `seeds/`, embedded in the binary and checked before anything is written.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::domain::{OrgKind, RdKind, RelKind, Scale, SegmentRole, Stage, Tag, TransferMode, Uscc};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionRow {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub level: String,
    pub parent: Option<String>,
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
    pub kind: String,
    pub lead_region: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
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
            if let Some(p) = &r.parent {
                if !regions.contains(p.as_str()) {
                    return fail(format!("region {} has unknown parent {p}", r.code));
                }
            }
        }
        let mut position = HashMap::new();
        for chain in &self.chains.1 {
            for (i, link) in chain.links.iter().enumerate() {
                position.insert(link.id.as_str(), (chain.id, i));
            }
        }
        for chain in &self.chains.1 {
            for (i, link) in chain.links.iter().enumerate() {
                for next in &link.feeds {
                    match position.get(next.as_str()) {
                        Some((c, j)) if *c == chain.id && *j > i => {}
                        _ => return fail(format!("{} feeds {next}: not a later link", link.id)),
                    }
                }
            }
        }
        let clusters: HashSet<&str> = self.clusters.1.iter().map(|c| c.id.as_str()).collect();
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
        }
        for r in &self.relocations {
            if !synthetic.contains_key(r.org.as_str()) || !regions.contains(r.from_region.as_str())
            {
                return fail(format!(
                    "relocation {}: unknown organisation or region",
                    r.id
                ));
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
    if o.segments
        .iter()
        .any(|m| !segments.contains_key(m.segment.as_str()))
    {
        return fail("unknown segment");
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

#[cfg(test)]
mod tests {
    use super::*;

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
