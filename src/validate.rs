//! Collects every rule a request breaks, so one 422 answer names all the offending fields.

use crate::domain::ids::IdError;
use crate::error::{Error, FieldError};

pub const NAME_MAX: usize = 200;
pub const TEXT_MAX: usize = 2000;
pub const YEAR_MIN: i64 = 1949;
pub const YEAR_MAX: i64 = 2100;

/// An optional whole number that may arrive as `2024` or `2024.0` (JSON Schema's `integer`
/// admits both); anything with a fraction is refused.
pub fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    use serde::de::Error as _;
    use serde::Deserialize as _;
    match Option::<f64>::deserialize(d)? {
        None => Ok(None),
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => Ok(Some(x as i64)),
        Some(x) => Err(D::Error::custom(format!(
            "expected a whole number, got {x}"
        ))),
    }
}

/// Control characters (other than tab and line breaks) and the bidirectional overrides and
/// isolates that make a name display as something it is not (`U+202E` "Trojan Source").
fn disguising(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// The characters [`Checks::text`] refuses, as a regular-expression class body (ECMA-262 and
/// Python agree on it), so the OpenAPI document can state the same rule.
pub const DISGUISING_CLASS: &str = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069";

/// The pattern of stored text: none of the disguising characters and, when `required`, at
/// least one character that is not white space.
/// An http(s) address as the contract states it (`HTTP_URL_PATTERN`): printable ASCII only
/// (other characters percent-encoded), a host, and no user or password before it. Refused with
/// the rule it breaks: `scheme`, `format` or `credentials`.
pub const HTTP_URL_PATTERN: &str = "^[Hh][Tt][Tt][Pp][Ss]?://[!-\"$-.0->A-~]+([/?#][!-~]*)?$";

pub fn http_url_shape(text: &str) -> Result<(), (&'static str, &'static str)> {
    let prefixed = |p: &str| {
        text.get(..p.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(p))
    };
    let rest = match (prefixed("https://"), prefixed("http://")) {
        (true, _) => &text[8..],
        (_, true) => &text[7..],
        _ => return Err(("scheme", "must be an https:// (or http://) address")),
    };
    if !text.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err((
            "format",
            "printable ASCII only: percent-encode other characters, and no spaces",
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() {
        return Err(("format", "must name a host"));
    }
    if authority.contains('@') {
        return Err((
            "credentials",
            "must not carry a user or password: deliveries are signed instead",
        ));
    }
    Ok(())
}

pub fn text_pattern(required: bool) -> String {
    let f = DISGUISING_CLASS;
    if required {
        format!("^[^{f}]*[^\\s{f}][^{f}]*$")
    } else {
        format!("^[^{f}]*$")
    }
}

/// Text in Unicode NFC, so the same name typed on two systems (precomposed or combining
/// accents, compatibility forms aside) is stored, compared and searched as the same string.
pub fn normalise(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

/// Deserialises text in NFC (see [`normalise`]).
pub fn nfc<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::Deserialize as _;
    String::deserialize(d).map(|s| normalise(&s))
}

/// Deserialises optional text in NFC (see [`normalise`]).
pub fn nfc_opt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    use serde::Deserialize as _;
    Option::<String>::deserialize(d).map(|s| s.map(|s| normalise(&s)))
}

#[derive(Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn fail(&mut self, field: &str, rule: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, rule, message));
    }

    /// Text is stored as given (after [`normalise`]); its length in characters is limited, and
    /// characters that only hide or disguise text are refused.
    pub fn text(&mut self, field: &str, value: &str, min: usize, max: usize) {
        let n = value.chars().count();
        if value.trim().is_empty() && min > 0 {
            self.fail(field, "required", "must not be blank");
        } else if let Some(c) = value.chars().find(|c| disguising(*c)) {
            self.fail(
                field,
                "characters",
                format!(
                    "must not contain control or direction-override characters (U+{:04X})",
                    c as u32
                ),
            );
        } else if n < min || n > max {
            self.fail(
                field,
                "length",
                format!("must be {min} to {max} characters, got {n}"),
            );
        }
    }

    /// Only the length, for search terms and ids that are looked up, never stored.
    pub fn length(&mut self, field: &str, value: Option<&str>, max: usize) {
        let n = value.map_or(0, |v| v.chars().count());
        if n > max {
            self.fail(
                field,
                "length",
                format!("must be at most {max} characters, got {n}"),
            );
        }
    }

    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) {
        if let Some(v) = value {
            self.text(field, v, 0, max);
        }
    }

    /// Lower-case letters, digits and hyphens: ids chosen by people (member organisations).
    pub fn slug(&mut self, field: &str, value: &str) {
        let ok = (2..=64).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !ok {
            self.fail(
                field,
                "slug",
                "must be 2 to 64 characters of a-z, 0-9 and '-'",
            );
        }
    }

    /// The parsed identifier, or `None` with the parser's rule noted against `field`.
    pub fn parsed<T>(&mut self, field: &str, parsed: Result<T, IdError>) -> Option<T> {
        parsed.map_err(|e| self.fail(field, e.rule, e.message)).ok()
    }

    pub fn year(&mut self, field: &str, value: Option<i64>) {
        if let Some(y) = value {
            if !(YEAR_MIN..=YEAR_MAX).contains(&y) {
                self.fail(
                    field,
                    "range",
                    format!("must be a year from {YEAR_MIN} to {YEAR_MAX}"),
                );
            }
        }
    }

    /// The `as_of` year of a view (map, lists, flows): in range, or a 422 naming it.
    pub fn as_of(year: Option<i64>) -> Result<Option<i64>, Error> {
        let mut checks = Checks::default();
        checks.year("as_of", year);
        checks.finish().map(|()| year)
    }

    /// A span of years: each in range, and the end not before the start.
    pub fn years(&mut self, from: &str, start: Option<i64>, to: &str, end: Option<i64>) {
        self.year(from, start);
        self.year(to, end);
        if let (Some(a), Some(b)) = (start, end) {
            if b < a {
                self.fail(to, "order", format!("{to} must not be before {from}"));
            }
        }
    }

    pub fn finish(self) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_keep_to_printable_ascii_with_a_host_and_no_credentials() {
        use super::http_url_shape as shape;
        let rule = |u: &str| shape(u).err().map_or("ok", |e| e.0);
        assert_eq!(rule("https://hooks.example.com/a?b=1#c"), "ok");
        assert_eq!(rule("HTTP://h/x@y"), "ok");
        assert_eq!(rule("ftp://h"), "scheme");
        assert_eq!(rule("https://h/\u{b}"), "format");
        assert_eq!(rule("https://h/\u{feff}"), "format");
        assert_eq!(rule("https://h/\u{85}"), "format");
        assert_eq!(rule("https://h/中文"), "format");
        assert_eq!(rule("https:///x"), "format");
        assert_eq!(rule("https://u:p@h/"), "credentials");
    }

    use super::*;

    #[test]
    fn collects_every_failure() {
        let mut c = Checks::default();
        c.text("name_zh", "  ", 1, 10);
        c.text("name_en", "abcdefghijk", 1, 10);
        c.slug("member_org", "Not A Slug");
        c.year("year", Some(1800));
        c.year("valid_to", None);
        let Err(Error::Invalid(errors)) = c.finish() else {
            panic!("no error")
        };
        let rules: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.rule.as_str()))
            .collect();
        assert_eq!(
            rules,
            vec![
                ("name_zh", "required"),
                ("name_en", "length"),
                ("member_org", "slug"),
                ("year", "range")
            ]
        );
    }

    #[test]
    fn whole_numbers_may_carry_a_zero_fraction() {
        #[derive(serde::Deserialize)]
        struct Y {
            #[serde(default, deserialize_with = "whole_number")]
            year: Option<i64>,
        }
        let parse = |v: serde_json::Value| serde_json::from_value::<Y>(v).map(|y| y.year);
        assert_eq!(
            parse(serde_json::json!({"year": 2024})).unwrap(),
            Some(2024)
        );
        assert_eq!(
            parse(serde_json::json!({"year": 2024.0})).unwrap(),
            Some(2024)
        );
        assert_eq!(parse(serde_json::json!({})).unwrap(), None);
        assert!(parse(serde_json::json!({"year": 2024.5})).is_err());
    }

    #[test]
    fn disguising_characters_are_refused_and_names_normalised() {
        for bad in ["甲\u{202E}乙", "bell\u{7}", "x\u{2066}y"] {
            let mut c = Checks::default();
            c.text("name_zh", bad, 1, 10);
            let Err(Error::Invalid(errors)) = c.finish() else {
                panic!("{bad:?} accepted")
            };
            assert_eq!(errors[0].rule, "characters");
        }
        let mut c = Checks::default();
        c.text("description", "line one\nline two\ttabbed", 0, 100);
        assert!(c.finish().is_ok());
        assert_eq!(normalise("Cafe\u{301}"), "Caf\u{e9}");
    }

    #[test]
    fn counts_characters_not_bytes() {
        let mut c = Checks::default();
        c.text("name_zh", "北京科技大学", 1, 6);
        assert!(c.finish().is_ok());
    }
}
