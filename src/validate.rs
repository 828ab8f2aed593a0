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

#[derive(Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn fail(&mut self, field: &str, rule: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, rule, message));
    }

    /// Text is stored exactly as given; only its length (in characters) is limited.
    pub fn text(&mut self, field: &str, value: &str, min: usize, max: usize) {
        let n = value.chars().count();
        if value.trim().is_empty() && min > 0 {
            self.fail(field, "required", "must not be blank");
        } else if n < min || n > max {
            self.fail(
                field,
                "length",
                format!("must be {min} to {max} characters, got {n}"),
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
    fn counts_characters_not_bytes() {
        let mut c = Checks::default();
        c.text("name_zh", "北京科技大学", 1, 6);
        assert!(c.finish().is_ok());
    }
}
