//! Writes the labelled set reconciliation is measured on (`tests/data/reconcile_labels.csv`):
//! for every real organisation of the seeds, the names a trade-fair or chamber list writes for
//! it — its legal name, its short name with the place it registered in, in traditional
//! characters, with a wrong character, in pinyin, in English, in full-width letters, with a
//! wrong letter — each labelled with the record it is; and names of real firms that are not
//! registered here, labelled with none. Run `cargo run --example reconcile_labels` and commit
//! the file; the test and the benchmark read it as it is.

use std::fmt::Write as _;

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use pinyin::ToPinyin;
use serde::Deserialize;

#[derive(Deserialize)]
struct Seeds {
    organisations: Vec<Org>,
}

#[derive(Deserialize)]
struct Org {
    id: String,
    name_zh: String,
    name_en: Option<String>,
    legal_name: Option<String>,
    region: String,
    #[serde(default)]
    synthetic: bool,
}

/// Real firms of the six chains and the region that no seed holds: no match is right for them.
const UNREGISTERED: &[(&str, &str)] = &[
    ("宁德时代新能源科技股份有限公司", ""),
    ("比亚迪股份有限公司", ""),
    ("长城汽车股份有限公司", "130600"),
    ("石药集团有限责任公司", "130100"),
    ("以岭药业股份有限公司", "130100"),
    ("中芯国际集成电路制造有限公司", ""),
    ("京东方科技集团股份有限公司", "110000"),
    ("北京小米科技有限责任公司", "110000"),
    ("华为技术有限公司", ""),
    ("奇安信科技集团股份有限公司", "110000"),
    ("天融信科技集团股份有限公司", "110000"),
    ("新松机器人自动化股份有限公司", ""),
    ("南京埃斯顿自动化股份有限公司", ""),
    ("深圳市汇川技术股份有限公司", ""),
    ("天津中环半导体股份有限公司", "120000"),
    ("晶澳太阳能科技股份有限公司", "130500"),
    ("河钢集团有限公司", "130100"),
    ("中船(邯郸)派瑞氢能科技有限公司", "130400"),
    ("国家电投集团氢能科技发展有限公司", "110000"),
    ("北京北方华创微电子装备有限公司", "110000"),
    ("天津天士力医药集团股份有限公司", "120000"),
    ("华北制药集团有限责任公司", "130100"),
    ("Contemporary Amperex Technology", ""),
    ("Great Wall Motor", ""),
    ("zhongxin guoji", ""),
];

/// Short names people use that a rule cannot derive (简称), with the region a list would give.
const ABBREVIATIONS: &[(&str, &str, &str)] = &[
    ("ustb", "北科大", "110000"),
    ("tsinghua", "清华", ""),
    ("baic-group", "北汽", "110000"),
    ("china-satnet", "星网", "133100"),
    ("li-auto", "理想", "110000"),
];

const PROVINCES: &[(&str, &str)] = &[("11", "北京"), ("12", "天津"), ("13", "河北")];

fn province(region: &str) -> &'static str {
    PROVINCES
        .iter()
        .find(|(code, _)| region.starts_with(code))
        .map_or("", |(_, name)| name)
}

/// The name read in pinyin, two syllables a word, as people type it (`jingxi zhonggong`).
fn pinyin(name: &str) -> String {
    let syllables: Vec<&str> = name.to_pinyin().flatten().map(|p| p.plain()).collect();
    syllables
        .chunks(2)
        .map(|c| c.concat())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One character changed: the third of a name of four or more, to one the name does not hold.
fn one_wrong_character(name: &str) -> Option<String> {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() < 4 {
        return None;
    }
    let other = ['达', '通', '信', '源', '丰']
        .into_iter()
        .find(|c| !chars.contains(c))?;
    chars[2] = other;
    Some(chars.into_iter().collect())
}

/// One letter changed, as a hurried typist or a scan does (`l` for `i`, `0` for `o`).
fn one_wrong_letter(name: &str) -> Option<String> {
    let at = name.find(['i', 'o', 'I', 'O'])?;
    let mut out = name.to_owned();
    let with = match &name[at..=at] {
        "i" | "I" => "l",
        _ => "0",
    };
    out.replace_range(at..=at, with);
    Some(out)
}

fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            ' ' => '\u{3000}',
            c => c,
        })
        .collect()
}

fn main() -> anyhow::Result<()> {
    let seeds: Seeds =
        serde_json::from_str(&std::fs::read_to_string("seeds/demo/organisations.json")?)?;
    let s2t = OpenCC::from_config(BuiltinConfig::S2t)?;
    let mut out = String::from("variant,name,region,expected\n");
    let mut row = |variant: &str, name: &str, region: &str, expected: &str| {
        let name = name.replace('"', "\"\"");
        writeln!(out, "{variant},\"{name}\",{region},{expected}").expect("a string takes it");
    };
    for o in seeds.organisations.iter().filter(|o| !o.synthetic) {
        let legal = o.legal_name.as_deref();
        row("short", &o.name_zh, "", &o.id);
        if let Some(legal) = legal {
            row("legal", legal, "", &o.id);
        }
        let place = province(&o.region);
        if !o.name_zh.starts_with(place) {
            row(
                "with_place",
                &format!("{place}{}", o.name_zh),
                &o.region,
                &o.id,
            );
        }
        row(
            "traditional",
            &s2t.convert(legal.unwrap_or(&o.name_zh)),
            "",
            &o.id,
        );
        if let Some(typo) = one_wrong_character(&o.name_zh) {
            row("wrong_character", &typo, &o.region, &o.id);
        }
        row("pinyin", &pinyin(&o.name_zh), &o.region, &o.id);
        if let Some(en) = &o.name_en {
            row("english", en, "", &o.id);
            row("full_width", &full_width(en), "", &o.id);
            if let Some(typo) = one_wrong_letter(en) {
                row("wrong_letter", &typo, "", &o.id);
            }
        }
    }
    for (id, name, region) in ABBREVIATIONS {
        row("abbreviation", name, region, id);
    }
    for (name, region) in UNREGISTERED {
        row("unregistered", name, region, "");
    }
    std::fs::create_dir_all("tests/data")?;
    std::fs::write("tests/data/reconcile_labels.csv", out)?;
    println!("wrote tests/data/reconcile_labels.csv");
    Ok(())
}
