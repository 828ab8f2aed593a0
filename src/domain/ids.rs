//! Identifiers parsed at the edge: once a value is an `OrgId`, `RegionCode` or `SegmentId`, it
//! has the right shape, so stores and queries never see a malformed one.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a text is not a valid identifier; `rule` goes into problem+json `errors[].rule`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct IdError {
    pub rule: &'static str,
    pub message: String,
}

/// A string schema declared once per identifier type, so the contract states each shape in one
/// place and every parameter and field refers to it.
pub(crate) fn string_schema(
    description: &str,
    pattern: &str,
    length: (usize, usize),
    example: &str,
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(Some(pattern))
        .min_length(Some(length.0))
        .max_length(Some(length.1))
        .examples([example])
        .into()
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $check:path, $description:expr, $pattern:expr, $length:expr, $example:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn parse(text: &str) -> Result<Self, IdError> {
                $check(text)?;
                Ok(Self(text.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                $name::parse(&raw).map_err(serde::de::Error::custom)
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                string_schema($description, $pattern, $length, $example)
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

/// The longest organisation id; generated ids are 19 or 20 characters.
pub const ORG_ID_MAX: usize = 64;
pub const ORG_ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,63}$";
pub const REGION_CODE_PATTERN: &str = "^[1-9][0-9]{5}$";
pub const SEGMENT_ID_MAX: usize = 128;
pub const SEGMENT_ID_PATTERN: &str = "^[a-z0-9-]+(\\.[a-z0-9-]+){1,2}$";

fn slug_chars(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_org_id(text: &str) -> Result<(), IdError> {
    let ok = (1..=ORG_ID_MAX).contains(&text.len()) && slug_chars(text) && !text.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(IdError {
            rule: "pattern",
            message: format!(
                "an organisation id is 1 to {ORG_ID_MAX} characters of a-z, 0-9 and '-'"
            ),
        })
    }
}

fn check_region_code(text: &str) -> Result<(), IdError> {
    let ok = text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0');
    if ok {
        Ok(())
    } else {
        Err(IdError {
            rule: "pattern",
            message: "a region code is the 6-digit GB/T 2260 code, e.g. 130200".into(),
        })
    }
}

fn check_segment_id(text: &str) -> Result<(), IdError> {
    let parts: Vec<&str> = text.split('.').collect();
    let ok = text.len() <= SEGMENT_ID_MAX
        && (2..=3).contains(&parts.len())
        && parts.iter().all(|p| !p.is_empty() && slug_chars(p));
    if ok {
        Ok(())
    } else {
        Err(IdError {
            rule: "pattern",
            message: "a chain link id is <chain>.<link> (or <chain>.<link>.<sub-link>), e.g. \
                      robotics.reducers"
                .into(),
        })
    }
}

id_type!(
    /// An enterprise's or R&D source's id: generated (`ent-…`, `rd-…`) or chosen for curated
    /// records (`ustb`).
    OrgId,
    check_org_id,
    "An enterprise's or R&D source's id: generated (`ent-…`, `rd-…`) or chosen for curated \
     records (`ustb`).",
    ORG_ID_PATTERN,
    (1, ORG_ID_MAX),
    "bwi-zhangjiakou"
);
id_type!(
    /// A GB/T 2260 administrative division code (110000 Beijing, 130200 Tangshan…).
    RegionCode,
    check_region_code,
    "A GB/T 2260 administrative division code (110000 Beijing, 130200 Tangshan…), or 133100 \
     for Xiong'an, the region's own code for a functional zone.",
    REGION_CODE_PATTERN,
    (6, 6),
    "130200"
);
id_type!(
    /// A chain link (环节) id, `<chain>.<link>`, or a sub-link `<chain>.<link>.<sub-link>`.
    SegmentId,
    check_segment_id,
    "A chain link (环节) id, `<chain>.<link>`, or a sub-link `<chain>.<link>.<sub-link>`.",
    SEGMENT_ID_PATTERN,
    (3, SEGMENT_ID_MAX),
    "robotics.reducers"
);

id_type!(
    /// A cooperation platform's (park's) id, as the reference data names it.
    ParkId,
    check_org_id,
    "A cooperation platform's (park's) id, as the reference data names it.",
    ORG_ID_PATTERN,
    (1, ORG_ID_MAX),
    "xiongan-zgc"
);

id_type!(
    /// Any other record's id (a relationship, an import job, a key, a cluster, a dispute):
    /// generated as `<prefix>-<16 hex>` or chosen in the reference data.
    RecordId,
    check_org_id,
    "Any other record's id (a relationship, an import job, a key, a cluster, a dispute): \
     generated as `<prefix>-<16 hex>` or chosen in the reference data.",
    ORG_ID_PATTERN,
    (1, ORG_ID_MAX),
    "rel-3f9c2a7d51e04b68"
);

fn check_alert_id(text: &str) -> Result<(), IdError> {
    let shaped = text.split_once(':').is_some_and(|(watch, seq)| {
        watch.len() == 20
            && watch.starts_with("wat-")
            && watch[4..]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && (1..=18).contains(&seq.len())
            && seq.bytes().all(|b| b.is_ascii_digit())
    });
    if shaped {
        Ok(())
    } else {
        Err(IdError {
            rule: "format",
            message: "an alert id is <watch id>:<place in the change feed>".into(),
        })
    }
}

id_type!(
    /// An alert's id: the watch's and the place of the change it is about.
    AlertId,
    check_alert_id,
    "An alert's id: the watch's and the place in the change feed of the change it is about.",
    "^wat-[0-9a-f]{16}:[0-9]{1,18}$",
    (6, 39),
    "wat-4b1e9c2a7d3f5e60:1234"
);

impl AlertId {
    /// The place in the change feed of the change it is about.
    pub fn seq(&self) -> i64 {
        self.0
            .rsplit_once(':')
            .and_then(|(_, seq)| seq.parse().ok())
            .unwrap_or(0)
    }
}

impl SegmentId {
    /// A sub-link's id names its chain, link and itself (`hydrogen.stack-mea.mea`); a link's
    /// only the first two.
    pub fn is_sub_link(&self) -> bool {
        self.0.matches('.').count() == 2
    }

    /// The chain its id names, if it is one of the six.
    pub fn chain(&self) -> Option<super::ChainId> {
        self.0.split('.').next().and_then(super::ChainId::parse)
    }
}

impl RegionCode {
    /// The province a code belongs to (its first two digits).
    pub fn province(&self) -> RegionCode {
        RegionCode(format!("{}0000", &self.0[..2]))
    }

    /// Whether the code names a whole province-level division (`110000`, `130000`).
    pub fn is_province(&self) -> bool {
        self.0.ends_with("0000")
    }
}

/// A fresh random id with a readable prefix (`ent`, `rd`, `rel`, `chg`…).
pub fn new_id(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..16]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_ids_are_slugs() {
        for ok in ["ustb", "ent-4c1f0a9e2b7d5a31", "demo-robotics-72", "a"] {
            assert!(OrgId::parse(ok).is_ok(), "{ok}");
        }
        let long = "a".repeat(65);
        for bad in ["", "Ent-1", "-x", "ent_1", "x y", "有限公司", long.as_str()] {
            assert!(OrgId::parse(bad).is_err(), "{bad}");
        }
        assert!(OrgId::parse(&new_id("ent")).is_ok());
    }

    #[test]
    fn region_codes_are_six_digits() {
        assert!(RegionCode::parse("130200").is_ok());
        for bad in ["13020", "1302000", "13020x", "030200", ""] {
            assert!(RegionCode::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            RegionCode::parse("130684").unwrap().province().as_str(),
            "130000"
        );
    }

    #[test]
    fn segment_ids_name_a_chain_and_a_link() {
        for ok in ["robotics.reducers", "hydrogen.stack-mea.catalysts"] {
            assert!(SegmentId::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["robotics", "robotics.", ".x", "a.b.c.d", "Robotics.x"] {
            assert!(SegmentId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn serde_parses_and_refuses() {
        let id: OrgId = serde_json::from_str("\"ustb\"").unwrap();
        assert_eq!(id.as_str(), "ustb");
        assert!(serde_json::from_str::<RegionCode>("\"abc\"").is_err());
    }
}
