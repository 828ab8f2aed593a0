//! Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters, the last a check
//! character over the first 17.

use std::fmt;

use serde::{Deserialize, Serialize};

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Uscc(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    #[error("must be 18 characters, got {0}")]
    Length(usize),
    #[error("character '{ch}' at position {position} is not allowed (I, O, S, V, Z and lower case are never used)")]
    Character { ch: char, position: usize },
    #[error("check character is '{found}' but the first 17 characters require '{expected}'")]
    CheckCharacter { found: char, expected: char },
}

impl UsccError {
    /// Short rule name for problem+json `errors[].rule`.
    pub fn rule(&self) -> &'static str {
        match self {
            UsccError::Length(_) => "length",
            UsccError::Character { .. } => "alphabet",
            UsccError::CheckCharacter { .. } => "check_character",
        }
    }
}

fn value_of(ch: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == ch).map(|p| p as u32)
}

/// The check character for the first 17 characters, which must already be in the alphabet.
pub fn check_character(body: &[u8]) -> Option<char> {
    let mut sum = 0;
    for (ch, weight) in body.iter().zip(WEIGHTS) {
        sum += value_of(*ch)? * weight;
    }
    let check = (31 - sum % 31) % 31;
    Some(ALPHABET[check as usize] as char)
}

impl Uscc {
    pub fn parse(input: &str) -> Result<Self, UsccError> {
        let count = input.chars().count();
        if count != 18 {
            return Err(UsccError::Length(count));
        }
        let bytes = input.as_bytes();
        for (i, ch) in input.chars().enumerate() {
            if !ch.is_ascii() || value_of(ch as u8).is_none() {
                return Err(UsccError::Character {
                    ch,
                    position: i + 1,
                });
            }
        }
        let expected = check_character(&bytes[..17]).expect("alphabet checked above");
        let found = bytes[17] as char;
        if found != expected {
            return Err(UsccError::CheckCharacter { found, expected });
        }
        Ok(Uscc(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Positions 3–8: the registering authority's administrative division code.
    pub fn region_code(&self) -> &str {
        &self.0[2..8]
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Uscc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Uscc::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// The characters a USCC may hold; its check character is a rule no schema states.
pub const USCC_PATTERN: &str = "^[0-9A-HJ-NPQRTUWXY]{18}$";

impl utoipa::PartialSchema for Uscc {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        super::ids::string_schema(
            "Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters without \
             I, O, S, V or Z; the last is a check character over the first 17 (rule \
             `check_character`).",
            USCC_PATTERN,
            (18, 18),
            "91130200MA0000001X",
        )
    }
}

impl utoipa::ToSchema for Uscc {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_computed_check_characters() {
        for code in ["91110108MA01ABCDE9", "911100001000000009"] {
            let body = &code.as_bytes()[..17];
            let fixed = format!("{}{}", &code[..17], check_character(body).unwrap());
            assert!(Uscc::parse(&fixed).is_ok(), "{fixed}");
        }
    }

    #[test]
    fn computes_the_standard_example() {
        // The widely cited example code 91350100M000100Y43; its check character '3' was
        // confirmed with an independent implementation of the formula in ../shared/domain.md.
        assert_eq!(check_character(b"91350100M000100Y4"), Some('3'));
        assert!(Uscc::parse("91350100M000100Y43").is_ok());
    }

    #[test]
    fn rejects_wrong_check_character() {
        let err = Uscc::parse("91350100M000100Y44").unwrap_err();
        assert_eq!(
            err,
            UsccError::CheckCharacter {
                found: '4',
                expected: '3'
            }
        );
        assert_eq!(err.rule(), "check_character");
    }

    #[test]
    fn rejects_wrong_length_and_letters() {
        assert_eq!(Uscc::parse("9135").unwrap_err(), UsccError::Length(4));
        assert!(matches!(
            Uscc::parse("91350100I000100Y43").unwrap_err(),
            UsccError::Character {
                ch: 'I',
                position: 9
            }
        ));
        assert!(matches!(
            Uscc::parse("91350100m000100Y43"),
            Err(UsccError::Character { .. })
        ));
        assert!(matches!(
            Uscc::parse("９1350100M000100Y43"),
            Err(UsccError::Character { .. })
        ));
    }

    #[test]
    fn exposes_region_code() {
        assert_eq!(
            Uscc::parse("91350100M000100Y43").unwrap().region_code(),
            "350100"
        );
    }
}
