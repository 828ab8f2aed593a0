//! Regions as lists write them: a GB/T 2260 code, or a name — 唐山市, 唐山, 河北省唐山市,
//! 唐山市路北区, 路北区 — read against the seeded division tree. A name several divisions share
//! (桥西区 is in 石家庄, 张家口 and 邢台) is refused naming them, never guessed.

use std::collections::{HashMap, HashSet};

use neo4rs::query;
use serde::Deserialize;

use crate::db::{Db, DbError};
use crate::error::FieldError;

const REFERENCE_IDS: &str = include_str!("../../cypher/imports/reference_ids.cypher");

/// A region as `reference_ids.cypher` returns it.
#[derive(Debug, Clone, Deserialize)]
pub struct RegionRow {
    pub code: String,
    pub name_zh: String,
    pub parent: Option<String>,
}

pub struct RegionNames {
    codes: HashSet<String>,
    /// Every way of writing a region, with the codes it may stand for.
    names: HashMap<String, Vec<String>>,
    full: HashMap<String, String>,
}

/// A division's name with and without its level's suffix (唐山市 and 唐山, 雄安新区 and 雄安).
fn forms(name: &str) -> Vec<String> {
    let mut out = vec![name.to_owned()];
    for suffix in ["新区", "自治县", "市", "省", "区", "县"] {
        if let Some(short) = name.strip_suffix(suffix) {
            if short.chars().count() >= 2 {
                out.push(short.to_owned());
                break;
            }
        }
    }
    out
}

/// Whitespace and full-width forms do not make a different name.
fn normal(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// What `reference_ids.cypher` returns: every region, and every park's id.
#[derive(Deserialize)]
pub struct ReferenceIds {
    pub regions: Vec<RegionRow>,
    pub parks: Vec<String>,
}

impl ReferenceIds {
    pub async fn load(db: &Db) -> Result<Self, DbError> {
        let rows = db.rows(query(REFERENCE_IDS)).await?;
        let row = rows
            .first()
            .ok_or_else(|| DbError::Decode("no reference row".into()))?;
        Ok(row.to()?)
    }
}

impl RegionNames {
    pub fn new(rows: &[RegionRow]) -> Self {
        let by_code: HashMap<&str, &RegionRow> =
            rows.iter().map(|r| (r.code.as_str(), r)).collect();
        let mut names: HashMap<String, Vec<String>> = HashMap::new();
        let mut full = HashMap::new();
        for row in rows {
            // The region's own forms, each after every way of writing its ancestors.
            let mut written = forms(&row.name_zh);
            let mut path = row.name_zh.clone();
            let mut parent = row.parent.as_deref().and_then(|p| by_code.get(p));
            while let Some(up) = parent {
                path = format!("{}{}", up.name_zh, path);
                let mut longer = Vec::new();
                for prefix in forms(&up.name_zh) {
                    for name in &written {
                        longer.push(format!("{prefix}{name}"));
                    }
                }
                written.extend(longer);
                parent = up.parent.as_deref().and_then(|p| by_code.get(p));
            }
            for name in written {
                let codes = names.entry(normal(&name)).or_default();
                if !codes.contains(&row.code) {
                    codes.push(row.code.clone());
                }
            }
            full.insert(row.code.clone(), path);
        }
        RegionNames {
            codes: rows.iter().map(|r| r.code.clone()).collect(),
            names,
            full,
        }
    }

    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains(code)
    }

    /// The code a cell names: the code itself, or the one division with that name.
    pub fn code_of(&self, cell: &str) -> Result<String, FieldError> {
        let cell = normal(cell);
        if self.codes.contains(&cell) {
            return Ok(cell);
        }
        match self.names.get(&cell).map(Vec::as_slice) {
            Some([code]) => Ok(code.clone()),
            Some(codes) => {
                let mut places: Vec<&str> = codes
                    .iter()
                    .filter_map(|c| self.full.get(c).map(String::as_str))
                    .collect();
                places.sort_unstable();
                let why = format!(
                    "several regions have this name: {}; write the city too, or the code",
                    places.join("、")
                );
                Err(FieldError::new("region", "ambiguous", &why))
            }
            None if cell.chars().all(|c| c.is_ascii_digit()) => {
                Err(FieldError::new("region", "exists", "unknown region code"))
            }
            None => Err(FieldError::new(
                "region",
                "exists",
                "no region of Beijing, Tianjin or Hebei has this name",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str, name: &str, parent: Option<&str>) -> RegionRow {
        RegionRow {
            code: code.into(),
            name_zh: name.into(),
            parent: parent.map(Into::into),
        }
    }

    #[test]
    fn names_read_with_and_without_suffixes_and_parents_and_shared_names_refused() {
        let names = RegionNames::new(&[
            region("130000", "河北省", None),
            region("130100", "石家庄市", Some("130000")),
            region("130104", "桥西区", Some("130100")),
            region("130700", "张家口市", Some("130000")),
            region("130703", "桥西区", Some("130700")),
            region("130200", "唐山市", Some("130000")),
            region("130203", "路北区", Some("130200")),
            region("133100", "雄安新区", Some("130000")),
        ]);
        for (cell, code) in [
            ("130200", "130200"),
            ("唐山市", "130200"),
            ("唐山", "130200"),
            ("河北省唐山市", "130200"),
            ("河北唐山", "130200"),
            ("唐山市路北区", "130203"),
            ("路北区", "130203"),
            (" 路北 ", "130203"),
            ("张家口市桥西区", "130703"),
            ("雄安", "133100"),
            ("河北", "130000"),
        ] {
            assert_eq!(names.code_of(cell).as_deref(), Ok(code), "{cell}");
        }
        let shared = names.code_of("桥西区").unwrap_err();
        assert_eq!(shared.rule, "ambiguous");
        assert!(
            shared.message.contains("河北省张家口市桥西区"),
            "{}",
            shared.message
        );
        assert_eq!(names.code_of("999999").unwrap_err().rule, "exists");
        assert_eq!(names.code_of("上海市").unwrap_err().rule, "exists");
    }
}
