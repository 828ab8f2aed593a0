//! The seed files under `seeds/`, embedded in the binary and checked before anything is written.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::domain::{
    ChainId, ClusterKind, OrgKind, RdKind, RelKind, Scale, SegmentRole, Stage, Tag, TransferMode,
    Uscc,
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
    /// False for a code that is not a GB/T 2260 administrative division (Xiong'an's 133100).
    #[serde(default)]
    pub gbt2260: Option<bool>,
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
    /// Names it went by before.
    #[serde(default)]
    pub former_names: Vec<String>,
    /// Who builds and runs it together (共建), where reported, and how.
    #[serde(default)]
    pub co_builders: Vec<String>,
    #[serde(default)]
    pub arrangement: Option<String>,
    /// The reports the park's own facts rest on (else the file's source).
    #[serde(default)]
    pub source: Option<Sources>,
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

/// The report a real record rests on, as it was read: the outlet, the date, the title (none when
/// the copy read does not show it), the address, whether that address is a republication of the
/// outlet's report, and the sentence that states the fact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub outlet: String,
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: String,
    pub republished: bool,
    pub quote: Option<String>,
}

impl Report {
    /// A site's front page: no report, whatever it says of the organisation.
    fn is_homepage(&self) -> bool {
        let rest = self
            .url
            .split_once("://")
            .map_or(self.url.as_str(), |(_, r)| r);
        rest.split_once('/')
            .is_none_or(|(_, path)| path.trim_matches('/').is_empty())
    }

    fn dated(&self) -> bool {
        self.date.as_deref().is_some_and(|d| {
            let parts: Vec<&str> = d.split('-').collect();
            parts.len() == 3
                && parts[0].len() == 4
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        })
    }

    /// As the record's `source` reads: outlet, date, title, and where it was read.
    fn text(&self) -> String {
        let mut parts = vec![self.outlet.clone()];
        parts.extend(self.date.clone());
        parts.extend(self.title.clone());
        let at = if self.republished {
            "republished at"
        } else {
            "at"
        };
        parts.push(format!("{at} {}", self.url));
        parts.join(", ")
    }
}

/// What a record rests on: the reports that state it (real records), or a line saying it is
/// invented (synthetic ones).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Sources {
    Reports(Vec<Report>),
    Note(String),
}

impl Sources {
    /// The `source` text the record carries.
    pub fn text(&self) -> String {
        match self {
            Sources::Reports(reports) => reports
                .iter()
                .map(Report::text)
                .collect::<Vec<_>>()
                .join("; "),
            Sources::Note(note) => note.clone(),
        }
    }
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
    /// The registered name (统一社会信用代码 holder) where a report gives it; `name_zh` is what
    /// people call the organisation.
    #[serde(default)]
    pub legal_name: Option<String>,
    pub region: String,
    #[serde(default)]
    pub scale: Option<Scale>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub description: Option<String>,
    pub synthetic: bool,
    pub source: Sources,
    /// What the record is inferred from, where its reports do not state it outright: an
    /// inferred record is never verified.
    #[serde(default)]
    pub inferred: Option<String>,
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
    pub source: Sources,
    /// What the relationship is inferred from (see `OrgRow::inferred`).
    #[serde(default)]
    pub inferred: Option<String>,
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
    pub source: Sources,
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
        let regions = self.check_regions()?;
        let position = self.check_links()?;
        let clusters: HashSet<&str> = self.clusters.1.iter().map(|c| c.id.as_str()).collect();
        check_correspondence(&self.clusters.1)?;
        let parks: HashSet<&str> = self.parks.1.iter().map(|p| p.id.as_str()).collect();
        let mut synthetic = HashMap::new();
        for o in &self.organisations {
            check_org(o, &regions, &position, &clusters, &parks)?;
            if synthetic.insert(o.id.as_str(), o.synthetic).is_some() {
                return Err(SeedError(format!("organisation {} appears twice", o.id)));
            }
        }
        self.check_relationships(&synthetic, &regions)
    }

    /// Every region's parents are regions too; the codes, for what refers to them.
    fn check_regions(&self) -> Result<HashSet<&str>, SeedError> {
        let regions: HashSet<&str> = self.regions.1.iter().map(|r| r.code.as_str()).collect();
        for r in &self.regions.1 {
            for p in r.parent.iter().chain(&r.also_in) {
                if !regions.contains(p.as_str()) {
                    return Err(SeedError(format!(
                        "region {} has unknown parent {p}",
                        r.code
                    )));
                }
            }
        }
        Ok(regions)
    }

    /// Every link and sub-link once, each with its chain and its link's place in the chain; feeds
    /// run downstream only (no cycles), across chains only to another chain's links.
    fn check_links(&self) -> Result<HashMap<&str, (ChainId, usize)>, SeedError> {
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
                    check_sub_link(sub, link, chain.id, i, &position)?;
                    for next in &sub.feeds_other_chains {
                        cross_chain(&sub.id, next, chain.id)?;
                    }
                }
            }
        }
        Ok(position)
    }

    /// Relationships and relocations join known organisations (and regions); synthetic ones only
    /// synthetic organisations; real ones rest on dated reports with addresses.
    fn check_relationships(
        &self,
        synthetic: &HashMap<&str, bool>,
        regions: &HashSet<&str>,
    ) -> Result<(), SeedError> {
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
                check_reports(&r.source, true).or_else(|m| fail(format!("{}: {m}", r.id)))?;
            }
            if r.inferred.as_deref().is_some_and(|b| b.trim().is_empty()) {
                return fail(format!("{}: inferred without a basis", r.id));
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
                check_reports(&r.source, true)
                    .or_else(|m| fail(format!("relocation {}: {m}", r.id)))?;
            }
        }
        Ok(())
    }
}

fn fail<T>(message: String) -> Result<T, SeedError> {
    Err(SeedError(message))
}

/// A sub-link's id extends its link's, and it feeds its own link or a later (sub-)link.
fn check_sub_link(
    sub: &SubLinkRow,
    link: &LinkRow,
    chain: ChainId,
    place: usize,
    position: &HashMap<&str, (ChainId, usize)>,
) -> Result<(), SeedError> {
    if sub
        .id
        .strip_prefix(link.id.as_str())
        .and_then(|r| r.strip_prefix('.'))
        .is_none_or(str::is_empty)
    {
        return Err(SeedError(format!(
            "sub-link {} does not start with {}.",
            sub.id, link.id
        )));
    }
    // Never upstream of its own link, so the feeds stay without cycles.
    for next in &sub.feeds {
        match position.get(next.as_str()) {
            Some((c, j)) if *c == chain && *j >= place && *next != sub.id => {}
            _ => {
                let why = "not its own link nor a later (sub-)link";
                return Err(SeedError(format!("{} feeds {next}: {why}", sub.id)));
            }
        }
    }
    Ok(())
}

fn check_org(
    o: &OrgRow,
    regions: &HashSet<&str>,
    segments: &HashMap<&str, (ChainId, usize)>,
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
    if o.source.text().trim().is_empty() {
        return fail("no source");
    }
    if !o.synthetic {
        check_reports(&o.source, false).or_else(|m| fail(&m))?;
    }
    if o.inferred.as_deref().is_some_and(|b| b.trim().is_empty()) {
        return fail("inferred without a basis");
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
/// A real record rests on reports: each names its outlet and the address it was read at, at
/// least one is dated, and a relationship's are not only front pages (a site's homepage says
/// who an organisation is, never what it did with another).
fn check_reports(source: &Sources, relationship: bool) -> Result<(), String> {
    let Sources::Reports(reports) = source else {
        return Err(
            "a real record's source must be its reports (outlet, date, title, address)".into(),
        );
    };
    if reports.is_empty() {
        return Err("no report".into());
    }
    for r in reports {
        if !(r.url.starts_with("https://") || r.url.starts_with("http://")) {
            return Err(format!("report of {:?} gives no address", r.outlet));
        }
        if r.outlet.trim().is_empty() {
            return Err(format!("report at {} names no outlet", r.url));
        }
        if r.outlet.contains("domain notes") || r.url.contains("domain.md") {
            return Err(format!(
                "report at {} cites the domain notes, not a report",
                r.url
            ));
        }
    }
    if !reports.iter().any(Report::dated) {
        return Err("no report has a date (YYYY-MM-DD)".into());
    }
    if relationship && reports.iter().all(Report::is_homepage) {
        return Err("a homepage is no report of a relationship".into());
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

    fn report(date: Option<&str>, url: &str) -> Report {
        Report {
            outlet: "Xinhua (新华社)".into(),
            date: date.map(str::to_owned),
            title: Some("a title".into()),
            url: url.into(),
            republished: true,
            quote: None,
        }
    }

    #[test]
    fn a_real_record_needs_a_dated_report_with_an_address() {
        let reports = |r: Vec<Report>| Sources::Reports(r);
        let article = report(Some("2025-04-02"), "https://example.org/2025/a.html");
        assert!(check_reports(&reports(vec![article.clone()]), true).is_ok());
        // A line of text is not a report, however it reads.
        let text = Sources::Note("Xinhua, 2025-04-02, a title, https://example.org/a".into());
        assert!(check_reports(&text, false).is_err());
        // No date, a date that is no day, no address.
        assert!(
            check_reports(&reports(vec![report(None, "https://example.org/a")]), false).is_err()
        );
        assert!(check_reports(
            &reports(vec![report(Some("2025"), "https://example.org/a")]),
            false
        )
        .is_err());
        assert!(check_reports(
            &reports(vec![report(Some("2025-04-02"), "example.org/a")]),
            false
        )
        .is_err());
        // A homepage beside a dated report does for an organisation; alone, for nothing.
        let home = report(None, "https://www.ustb.edu.cn/");
        assert!(home.is_homepage() && !article.is_homepage());
        assert!(check_reports(&reports(vec![home.clone(), article.clone()]), false).is_ok());
        assert!(check_reports(&reports(vec![home.clone()]), false).is_err());
        let dated_home = report(Some("2025-04-02"), "https://www.ustb.edu.cn");
        assert!(check_reports(&reports(vec![dated_home.clone()]), false).is_ok());
        assert!(
            check_reports(&reports(vec![dated_home]), true).is_err(),
            "a homepage is no report of a relationship"
        );
        let mut notes = article.clone();
        notes.outlet = "compiled in the domain notes".into();
        assert!(check_reports(&reports(vec![notes]), false).is_err());
        assert_eq!(
            reports(vec![article, home]).text(),
            "Xinhua (新华社), 2025-04-02, a title, republished at https://example.org/2025/a.html; \
             Xinhua (新华社), a title, republished at https://www.ustb.edu.cn/"
        );
    }

    #[test]
    fn an_inferred_record_says_what_it_rests_on_and_is_seeded_unverified() {
        let mut data = SeedData::embedded().unwrap();
        let inferred: Vec<&RelRow> = data
            .relationships
            .iter()
            .filter(|r| r.inferred.is_some())
            .collect();
        assert!(!inferred.is_empty());
        assert!(inferred.iter().all(|r| !r.synthetic));
        let r = data
            .relationships
            .iter_mut()
            .find(|r| r.inferred.is_some())
            .unwrap();
        r.inferred = Some(" ".into());
        let err = data.check().unwrap_err().0;
        assert!(err.contains("inferred without a basis"), "{err}");
    }

    #[test]
    fn the_real_records_answer_the_headline_question() {
        let data = SeedData::embedded().unwrap();
        let real: HashMap<&str, &OrgRow> = data
            .organisations
            .iter()
            .filter(|o| !o.synthetic)
            .map(|o| (o.id.as_str(), o))
            .collect();
        assert!(real.len() >= 30, "{} real organisations", real.len());
        let rels = data.relationships.iter().filter(|r| !r.synthetic).count()
            + data.relocations.iter().filter(|r| !r.synthetic).count();
        assert!(rels >= 20, "{rels} real relationships");
        // Beijing (or Tianjin) R&D or headquarters → Hebei or Tianjin plant, reported outright.
        let province = |id: &str| &real[id].region[..2];
        let from_capital = data
            .relationships
            .iter()
            .filter(|r| !r.synthetic && r.inferred.is_none())
            .filter(|r| {
                let (from, to) = match r.kind {
                    RelKind::BranchOf => (r.target_id.as_str(), r.source_id.as_str()),
                    _ => (r.source_id.as_str(), r.target_id.as_str()),
                };
                matches!(r.kind, RelKind::BranchOf | RelKind::TransfersTechnology)
                    && ["11", "12"].contains(&province(from))
                    && ["12", "13"].contains(&province(to))
                    && province(from) != province(to)
            })
            .count();
        assert!(
            from_capital >= 8,
            "{from_capital} reported Beijing → Hebei/Tianjin links"
        );
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
    fn xiongan_keeps_its_own_code_flagged_as_no_gbt2260_division() {
        let data = SeedData::embedded().unwrap();
        let flagged: Vec<&str> = data
            .regions
            .1
            .iter()
            .filter(|r| r.gbt2260 == Some(false))
            .map(|r| r.code.as_str())
            .collect();
        assert_eq!(flagged, ["133100"]);
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
