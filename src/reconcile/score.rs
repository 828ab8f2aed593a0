//! How much a candidate looks like a row of a list, 0–100, and which of the row's fields agreed.
//! The rule and its threshold are in docs/RECONCILE.md.

use crate::domain::names::NameParts;

/// A row's name, region and code, as the list gives them.
#[derive(Debug, Clone)]
pub struct Query {
    pub name: NameParts,
    /// The region code given (any level): the first digits say the province and the city.
    pub region: Option<String>,
    pub uscc: Option<String>,
}

/// A record that may be the row.
#[derive(Debug, Clone)]
pub struct Known {
    pub names: Vec<NameParts>,
    pub region: Option<String>,
    pub uscc: Option<String>,
}

/// A candidate's score and the fields that agreed (`uscc`, `name`, `region`).
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub score: u8,
    pub agreed: Vec<&'static str>,
}

/// A match is told confident at this score or above…
pub const CONFIDENT: u8 = 85;
/// …when the next candidate is at least this much lower.
pub const MARGIN: u8 = 10;

/// How alike two runs of Han characters are, 0–1: the same; one inside the other (a short name
/// within the full one); an abbreviation (北科大: the first character, then the others in
/// order, within 北京科技大学); else one less the share of characters to change.
pub fn han(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let ratio = short.len() as f64 / long.len() as f64;
    // Two characters inside a long name are as likely a common word (企业, 科技) as a short
    // name: they count only when they are a good part of it (首钢 in 首钢股份).
    let telling = short.len() >= 3 || (short.len() == 2 && ratio >= 0.3);
    if telling && long.windows(short.len()).any(|w| w == short.as_slice()) {
        return 0.70 + 0.25 * ratio;
    }
    if short.len() >= 3 && short[0] == long[0] && subsequence(short, long) {
        return 0.75 + 0.15 * ratio;
    }
    1.0 - strsim::generic_levenshtein(&a, &b) as f64 / long.len() as f64
}

fn subsequence(short: &[char], long: &[char]) -> bool {
    let mut rest = long.iter();
    short.iter().all(|c| rest.any(|l| l == c))
}

/// How alike a name typed in Latin letters is to a name: its pinyin (in full, without a
/// leading place, or as initials) or its Latin words.
fn latin(query: &NameParts, known: &NameParts) -> f64 {
    let typed = query.latin_joined();
    if typed.len() < 2 {
        return 0.0;
    }
    let mut best: f64 = 0.0;
    let skip = known.han.chars().count() - known.core.chars().count();
    let readings = [
        known.pinyin_joined(),
        known.pinyin.get(skip..).unwrap_or_default().concat(),
        known.latin_joined(),
    ];
    for reading in readings.iter().filter(|r| !r.is_empty()) {
        let alike = if *reading == typed {
            1.0
        } else if typed.len() >= 5 && reading.starts_with(&typed) {
            0.80 + 0.15 * typed.len() as f64 / reading.len() as f64
        } else {
            strsim::normalized_levenshtein(&typed, reading)
        };
        best = best.max(alike);
    }
    // Pinyin is ambiguous (homophones): it never counts as much as the characters would.
    if typed.len() >= 3 && typed == known.initials() {
        best = best.max(0.75);
    }
    best
}

/// How alike the names are, 0–1: the best of every name of the record against the row's.
fn names(query: &NameParts, known: &[NameParts]) -> f64 {
    known
        .iter()
        .map(|k| {
            let pairs = [
                (&query.han, &k.han),
                (&query.core, &k.core),
                (&query.han, &k.core),
                (&query.core, &k.han),
            ];
            let by_han = pairs.iter().map(|(a, b)| han(a, b)).fold(0.0, f64::max);
            let by_latin = if query.han.is_empty() {
                latin(query, k)
            } else {
                0.0
            };
            by_han.max(by_latin)
        })
        .fold(0.0, f64::max)
}

/// The region as evidence: the same region or one inside the other counts for, another
/// province against.
fn region(query: Option<&str>, known: Option<&str>) -> (f64, bool) {
    let (Some(q), Some(k)) = (query, known) else {
        return (0.0, false);
    };
    let province = |c: &str| c.get(..2).map(str::to_owned);
    let city = |c: &str| c.get(..4).map(str::to_owned);
    let trimmed = |c: &str| c.trim_end_matches("00").to_owned();
    if q == k {
        (0.10, true)
    } else if trimmed(k).starts_with(&trimmed(q)) || trimmed(q).starts_with(&trimmed(k)) {
        (0.06, true)
    } else if city(q) == city(k) {
        (0.05, true)
    } else if province(q) == province(k) {
        (0.02, true)
    } else {
        (-0.15, false)
    }
}

/// Names that start with different places are different organisations (北京科技大学, 天津科技大学);
/// a place in brackets is where a firm registered, which moving changes, and never counts so.
fn places_clash(query: &NameParts, known: &[NameParts]) -> bool {
    let Some(place) = &query.place else {
        return false;
    };
    let placed: Vec<&String> = known.iter().filter_map(|k| k.place.as_ref()).collect();
    !placed.is_empty() && !placed.contains(&place)
}

pub fn score(query: &Query, known: &Known) -> Scored {
    if let (Some(q), Some(k)) = (&query.uscc, &known.uscc) {
        if q == k {
            return Scored {
                score: 100,
                agreed: vec!["uscc"],
            };
        }
    }
    let by_name = names(&query.name, &known.names);
    let (by_region, same_region) = region(query.region.as_deref(), known.region.as_deref());
    let clash = if places_clash(&query.name, &known.names) {
        -0.20
    } else {
        0.0
    };
    let total = (by_name + by_region + clash).clamp(0.0, 1.0);
    let mut agreed = Vec::new();
    if by_name >= 0.8 {
        agreed.push("name");
    }
    if same_region {
        agreed.push("region");
    }
    Scored {
        score: (total * 100.0).round() as u8,
        agreed,
    }
}

/// Whether the best candidate is a confident match: at or above [`CONFIDENT`] and [`MARGIN`]
/// ahead of the next.
pub fn confident(best: u8, next: Option<u8>) -> bool {
    best >= CONFIDENT && next.is_none_or(|n| best >= n.saturating_add(MARGIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_common_word_inside_a_long_name_is_not_a_short_name() {
        assert!(han("企业", "一家名单上才有的企业") < 0.5);
        assert!(han("首钢", "首钢股份") >= 0.8);
        assert!(han("亿华通", "北京亿华通科技") >= 0.7);
    }

    fn known(names: &[&str], region: &str) -> Known {
        Known {
            names: names.iter().map(|n| NameParts::of(n)).collect(),
            region: Some(region.to_owned()),
            uscc: None,
        }
    }

    fn query(name: &str, region: Option<&str>) -> Query {
        Query {
            name: NameParts::of(name),
            region: region.map(str::to_owned),
            uscc: None,
        }
    }

    #[test]
    fn the_forms_a_list_writes_score_high() {
        let mech = known(
            &[
                "梅卡曼德",
                "Mech-Mind",
                "梅卡曼德(雄安)机器人科技股份有限公司",
            ],
            "133100",
        );
        for variant in [
            "梅卡曼德（北京）机器人科技有限公司",
            "梅卡曼德",
            "mechmind",
            "Mech Mind",
        ] {
            assert!(score(&query(variant, None), &mech).score >= 85, "{variant}");
        }
        let ustb = known(
            &[
                "北京科技大学",
                "University of Science and Technology Beijing",
            ],
            "110108",
        );
        assert!(score(&query("北科大", Some("110000")), &ustb).score >= 85);
        assert!(score(&query("北京科技大學", None), &ustb).score >= 95);
        let tju_st = score(&query("天津科技大学", None), &ustb).score;
        assert!(tju_st < 85, "another university: {tju_st}");
    }

    #[test]
    fn a_typo_costs_a_little_and_another_province_a_lot() {
        let bwi = known(&["京西智行张家口工厂", "BWI Zhangjiakou plant"], "130700");
        assert!(score(&query("BWl Zhangjiakou plant", None), &bwi).score >= 85);
        let here = score(&query("京西智行张家口工厂", Some("130700")), &bwi).score;
        let there = score(&query("京西智行张家口工厂", Some("120000")), &bwi).score;
        assert!(here > there);
    }

    #[test]
    fn a_uscc_decides() {
        let mut firm = known(&["唐山星衡"], "130200");
        firm.uscc = Some("91130200MA0000001X".into());
        let mut q = query("完全不同的名字", None);
        q.uscc = firm.uscc.clone();
        assert_eq!(score(&q, &firm).score, 100);
    }

    #[test]
    fn confidence_needs_a_lead() {
        assert!(confident(92, Some(70)));
        assert!(!confident(92, Some(88)));
        assert!(!confident(80, None));
    }
}
