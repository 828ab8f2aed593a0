//! Organisation names as lists write them, reduced to what tells one organisation from another,
//! so that a row from a trade-fair workbook finds its record: full-width and half-width forms
//! (NFKC), traditional characters (OpenCC's T2S dictionaries, `ferrous-opencc`), legal forms
//! (有限公司, 股份, 集团…) and place affixes ((北京), 北京市…) dropped, and the name's pinyin
//! (`pinyin`, from the Unihan readings) beside its characters, for a list typed in Latin letters.

use std::sync::LazyLock;

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use pinyin::ToPinyin;
use unicode_normalization::UnicodeNormalization;

/// Legal forms and their parts, longest first: they say what kind of body, not which.
const LEGAL_FORMS: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "集团股份",
    "有限公司",
    "股份公司",
    "分公司",
    "总公司",
    "集团",
    "公司",
];

/// Latin legal forms and fillers, as whole words — in English, and in pinyin as a list typed in
/// pinyin writes them (`beiqi jituan`).
const LATIN_NOISE: &[&str] = &[
    "co",
    "ltd",
    "limited",
    "inc",
    "corp",
    "corporation",
    "company",
    "group",
    "the",
    "llc",
    "plc",
    "jituan",
    "gongsi",
    "youxian",
    "gufen",
    "youxiangongsi",
    "gufenyouxiangongsi",
];

/// Marks the demo and synthetic data carry, which no list does.
const MARKS: &[&str] = &["【演示】", "【合成】", "[demo]", "[synth]"];

/// The places a name may start with or name in brackets: the three provinces and their cities
/// as people write them (the region's own reference names, without 市/省 too).
const PLACES: &[&str] = &[
    "北京市",
    "天津市",
    "河北省",
    "北京",
    "天津",
    "河北",
    "雄安新区",
    "雄安",
    "石家庄",
    "唐山",
    "秦皇岛",
    "邯郸",
    "邢台",
    "保定",
    "张家口",
    "承德",
    "沧州",
    "廊坊",
    "衡水",
    "中关村",
    "滨海新区",
    "滨海",
];

static T2S: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// NFKC (full-width letters, digits and brackets become half-width), simplified characters,
/// lower case.
pub fn canonical(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    let simplified = match T2S.as_ref() {
        Some(t2s) => t2s.convert(&nfkc),
        None => nfkc,
    };
    simplified.to_lowercase()
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// A name reduced to what tells it apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameParts {
    /// Its Han characters without marks, a place in brackets and legal forms.
    pub han: String,
    /// `han` without a leading place (北京京西重工 → 京西重工): what a firm's name is known by
    /// where the place is only where it registered. The same as `han` when there is none.
    pub core: String,
    /// The place it starts with (北京科技大学: 北京): part of the name, so another place there
    /// makes another organisation.
    pub place: Option<String>,
    /// The places it names in brackets (梅卡曼德（北京）…): where it registered, which a firm
    /// that moves changes; evidence of region, never of another organisation.
    pub places: Vec<String>,
    /// The pinyin of `han`, a syllable each, without tones.
    pub pinyin: Vec<&'static str>,
    /// Its Latin words, lower case, without legal forms.
    pub latin: Vec<String>,
}

impl NameParts {
    pub fn of(name: &str) -> Self {
        let mut text = canonical(name);
        for mark in MARKS {
            text = text.replace(mark, "");
        }
        let mut places = Vec::new();
        // A place in brackets: 梅卡曼德(北京)机器人… (NFKC made the brackets half-width).
        while let Some(open) = text.find('(') {
            let Some(close) = text[open..].find(')').map(|c| open + c) else {
                break;
            };
            let inside = text[open + 1..close].to_owned();
            if inside.chars().any(is_han) {
                places.push(inside);
            }
            text.replace_range(open..=close, " ");
        }
        for form in LEGAL_FORMS {
            text = text.replace(form, " ");
        }
        let han: String = text.chars().filter(|&c| is_han(c)).collect();
        let place = PLACES
            .iter()
            .find(|p| han.starts_with(*p) && han.chars().count() >= p.chars().count() + 2)
            .map(|p| (*p).to_owned());
        let core = match &place {
            Some(p) => han[p.len()..].to_owned(),
            None => han.clone(),
        };
        let latin = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty() && !LATIN_NOISE.contains(w))
            .map(str::to_owned)
            .collect();
        let pinyin = han
            .as_str()
            .to_pinyin()
            .flatten()
            .map(|p| p.plain())
            .collect();
        NameParts {
            han,
            core,
            place,
            places,
            pinyin,
            latin,
        }
    }

    /// The Latin letters of the name in one run (`mechmind`, `bwizhangjiakou`).
    pub fn latin_joined(&self) -> String {
        self.latin.concat()
    }

    pub fn pinyin_joined(&self) -> String {
        self.pinyin.concat()
    }

    /// The first letter of each syllable (`jxzg` for 京西重工).
    pub fn initials(&self) -> String {
        self.pinyin
            .iter()
            .filter_map(|p| p.chars().next())
            .collect()
    }
}

/// What an organisation is found by in the `organisation_match` full-text index: its names'
/// characters one by one, their pinyin (joined, and as initials) and their Latin words (each,
/// and joined), as space-separated words a whitespace analyzer keeps as they are.
pub fn match_text(names: &[Option<&str>]) -> String {
    let mut words: Vec<String> = Vec::new();
    for name in names.iter().flatten() {
        let parts = NameParts::of(name);
        words.extend(parts.han.chars().map(String::from));
        if !parts.pinyin.is_empty() {
            words.push(parts.pinyin_joined());
            words.push(parts.initials());
            // Without a leading place too: `jingxizhonggong` for 北京京西重工.
            let skip = parts.han.chars().count() - parts.core.chars().count();
            if skip > 0 {
                words.push(parts.pinyin[skip..].concat());
            }
        }
        if !parts.latin.is_empty() {
            words.push(parts.latin_joined());
            words.extend(parts.latin);
        }
    }
    words.sort();
    words.dedup();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_forms_places_widths_and_traditional_characters_fall_away() {
        let full = NameParts::of("梅卡曼德（北京）机器人科技有限公司");
        assert_eq!(
            (full.han.as_str(), full.core.as_str()),
            ("梅卡曼德机器人科技", "梅卡曼德机器人科技")
        );
        assert_eq!(full.places, ["北京"]);
        assert_eq!(NameParts::of("清華大學").han, "清华大学");
        let jingxi = NameParts::of("北京京西重工有限公司");
        assert_eq!(
            (jingxi.han.as_str(), jingxi.core.as_str()),
            ("北京京西重工", "京西重工")
        );
        assert_eq!(jingxi.place.as_deref(), Some("北京"));
        // The place stays in `han`: 北京大学 is not 天津大学.
        assert_eq!(NameParts::of("北京大学").han, "北京大学");
        assert_eq!(NameParts::of("ＢＷＩ　Ｇｒｏｕｐ").latin, ["bwi"]);
        assert_eq!(
            NameParts::of("【演示】保定恒拓燃料电池系统有限公司").core,
            "恒拓燃料电池系统"
        );
    }

    #[test]
    fn pinyin_and_initials_are_the_characters_read() {
        let parts = NameParts::of("京西重工");
        assert_eq!(parts.pinyin_joined(), "jingxizhonggong");
        assert_eq!(parts.initials(), "jxzg");
    }

    #[test]
    fn the_match_text_holds_characters_pinyin_and_latin_words() {
        let text = match_text(&[Some("梅卡曼德"), Some("Mech-Mind Robotics"), None]);
        let words: Vec<&str> = text.split(' ').collect();
        for w in [
            "梅",
            "卡",
            "曼",
            "德",
            "meikamande",
            "mkmd",
            "mechmindrobotics",
            "mech",
            "mind",
        ] {
            assert!(words.contains(&w), "{w} in {text}");
        }
    }
}
