//! Request bodies for registering and editing organisations, and their checks.

use serde::{Deserialize, Deserializer};
use serde_json::{json, Map, Value};
use utoipa::ToSchema;

use crate::domain::organisation::name_key;
use crate::domain::{OrgKind, RdKind, Scale, Tag, Uscc};
use crate::error::ApiError;
use crate::validate::{Checks, NAME_MAX, TEXT_MAX};

/// Absent: leave unchanged; `null`: clear; a value: set.
pub type Patch<T> = Option<Option<T>>;

fn patch<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Patch<T>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Register an enterprise.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "uscc": "91130200MA0000001X", "name_zh": "唐山星衡减速器有限公司",
    "name_en": "Tangshan Xingheng Reducer Co., Ltd.", "region": "130200", "scale": "medium",
    "tags": ["little_giant"], "description": "RV reducers for industrial robots",
    "source": "https://example.org/alliance-register/2026"
}))]
pub struct NewEnterprise {
    /// Unified Social Credit Code: 18 characters with a valid check character.
    pub uscc: String,
    pub name_zh: String,
    pub name_en: Option<String>,
    /// GB/T 2260 code of a known region.
    pub region: String,
    pub scale: Option<Scale>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    pub description: Option<String>,
    /// Id of a known park.
    pub park: Option<String>,
    /// Where the information comes from (URL or document).
    pub source: Option<String>,
}

/// Register an R&D source (university, institute, lab, innovation centre).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "rd_kind": "university", "name_zh": "北京示例大学机器人学院",
    "name_en": "Example University School of Robotics", "region": "110108",
    "source": "https://example.org/alliance-register/2026"
}))]
pub struct NewRdSource {
    pub rd_kind: RdKind,
    pub name_zh: String,
    pub name_en: Option<String>,
    pub region: String,
    pub description: Option<String>,
    pub park: Option<String>,
    pub source: Option<String>,
}

/// Change some fields of an enterprise; `null` clears an optional field.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"scale": "large", "description": null}))]
pub struct EnterprisePatch {
    pub uscc: Option<String>,
    pub name_zh: Option<String>,
    #[serde(default, deserialize_with = "patch")]
    #[schema(value_type = Option<String>)]
    pub name_en: Patch<String>,
    pub region: Option<String>,
    #[serde(default, deserialize_with = "patch")]
    #[schema(value_type = Option<Scale>)]
    pub scale: Patch<Scale>,
    pub tags: Option<Vec<Tag>>,
    #[serde(default, deserialize_with = "patch")]
    #[schema(value_type = Option<String>)]
    pub description: Patch<String>,
    #[serde(default, deserialize_with = "patch")]
    #[schema(value_type = Option<String>)]
    pub park: Patch<String>,
    #[serde(default, deserialize_with = "patch")]
    #[schema(value_type = Option<String>)]
    pub source: Patch<String>,
}

/// Change some fields of an R&D source; `null` clears an optional field.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RdSourcePatch {
    pub rd_kind: Option<RdKind>,
    pub name_zh: Option<String>,
    #[serde(default, deserialize_with = "patch")]
    #[schema(value_type = Option<String>)]
    pub name_en: Patch<String>,
    pub region: Option<String>,
    #[serde(default, deserialize_with = "patch")]
    #[schema(value_type = Option<String>)]
    pub description: Patch<String>,
    #[serde(default, deserialize_with = "patch")]
    #[schema(value_type = Option<String>)]
    pub park: Patch<String>,
    #[serde(default, deserialize_with = "patch")]
    #[schema(value_type = Option<String>)]
    pub source: Patch<String>,
}

/// A checked set of property changes, ready for the store. For a new record every property is
/// present; for an edit only the ones the request named.
#[derive(Debug, Clone)]
pub struct Draft {
    pub kind: OrgKind,
    /// Stored properties; a `null` value removes the property.
    pub props: Map<String, Value>,
    pub region: Option<String>,
    pub park: Patch<String>,
}

fn check_uscc(c: &mut Checks, value: &str) -> Option<String> {
    match Uscc::parse(value) {
        Ok(u) => Some(u.to_string()),
        Err(e) => {
            c.fail("uscc", e.rule(), e.to_string());
            None
        }
    }
}

fn check_common(
    c: &mut Checks,
    name_zh: Option<&str>,
    name_en: Option<&str>,
    description: Option<&str>,
    source: Option<&str>,
) {
    if let Some(n) = name_zh {
        c.text("name_zh", n, 1, NAME_MAX);
    }
    c.optional_text("name_en", name_en, NAME_MAX);
    c.optional_text("description", description, TEXT_MAX);
    c.optional_text("source", source, TEXT_MAX);
}

fn put(props: &mut Map<String, Value>, key: &str, value: Value) {
    props.insert(key.to_owned(), value);
}

fn names(props: &mut Map<String, Value>, name_zh: &str) {
    put(props, "name_zh", json!(name_zh));
    put(props, "name_key", json!(name_key(name_zh)));
}

impl NewEnterprise {
    pub fn into_draft(self) -> Result<Draft, ApiError> {
        let mut c = Checks::default();
        let uscc = check_uscc(&mut c, &self.uscc);
        check_common(
            &mut c,
            Some(&self.name_zh),
            self.name_en.as_deref(),
            self.description.as_deref(),
            self.source.as_deref(),
        );
        c.finish()?;
        let mut props = Map::new();
        names(&mut props, &self.name_zh);
        put(&mut props, "uscc", json!(uscc));
        put(&mut props, "name_en", json!(self.name_en));
        put(&mut props, "scale", json!(self.scale));
        put(&mut props, "tags", json!(self.tags));
        put(&mut props, "description", json!(self.description));
        put(&mut props, "source", json!(self.source));
        Ok(Draft {
            kind: OrgKind::Enterprise,
            props,
            region: Some(self.region),
            park: Some(self.park),
        })
    }
}

impl NewRdSource {
    pub fn into_draft(self) -> Result<Draft, ApiError> {
        let mut c = Checks::default();
        check_common(
            &mut c,
            Some(&self.name_zh),
            self.name_en.as_deref(),
            self.description.as_deref(),
            self.source.as_deref(),
        );
        c.finish()?;
        let mut props = Map::new();
        names(&mut props, &self.name_zh);
        put(&mut props, "rd_kind", json!(self.rd_kind));
        put(&mut props, "name_en", json!(self.name_en));
        put(&mut props, "tags", json!([]));
        put(&mut props, "description", json!(self.description));
        put(&mut props, "source", json!(self.source));
        Ok(Draft {
            kind: OrgKind::RdSource,
            props,
            region: Some(self.region),
            park: Some(self.park),
        })
    }
}

fn patch_optional<T: serde::Serialize>(props: &mut Map<String, Value>, key: &str, value: Patch<T>) {
    if let Some(v) = value {
        put(props, key, json!(v));
    }
}

/// The fields both patch types share: checked into `c`, and the properties they set.
fn common_patch(
    c: &mut Checks,
    name_zh: Option<String>,
    name_en: Patch<String>,
    description: Patch<String>,
    source: Patch<String>,
) -> Map<String, Value> {
    let text = |v: &Patch<String>| v.as_ref().and_then(|v| v.as_deref()).map(str::to_owned);
    check_common(
        c,
        name_zh.as_deref(),
        text(&name_en).as_deref(),
        text(&description).as_deref(),
        text(&source).as_deref(),
    );
    let mut props = Map::new();
    if let Some(n) = &name_zh {
        names(&mut props, n);
    }
    patch_optional(&mut props, "name_en", name_en);
    patch_optional(&mut props, "description", description);
    patch_optional(&mut props, "source", source);
    props
}

impl EnterprisePatch {
    pub fn into_draft(self) -> Result<Draft, ApiError> {
        let mut c = Checks::default();
        let uscc = self.uscc.as_deref().map(|u| check_uscc(&mut c, u));
        let mut props = common_patch(
            &mut c,
            self.name_zh,
            self.name_en,
            self.description,
            self.source,
        );
        c.finish()?;
        if let Some(u) = uscc {
            put(&mut props, "uscc", json!(u));
        }
        if let Some(tags) = self.tags {
            put(&mut props, "tags", json!(tags));
        }
        patch_optional(&mut props, "scale", self.scale);
        Ok(Draft {
            kind: OrgKind::Enterprise,
            props,
            region: self.region,
            park: self.park,
        })
    }
}

impl RdSourcePatch {
    pub fn into_draft(self) -> Result<Draft, ApiError> {
        let mut c = Checks::default();
        let mut props = common_patch(
            &mut c,
            self.name_zh,
            self.name_en,
            self.description,
            self.source,
        );
        c.finish()?;
        if let Some(k) = self.rd_kind {
            put(&mut props, "rd_kind", json!(k));
        }
        Ok(Draft {
            kind: OrgKind::RdSource,
            props,
            region: self.region,
            park: self.park,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_tells_absent_from_null() {
        let p: EnterprisePatch = serde_json::from_str(r#"{"description": null}"#).unwrap();
        assert_eq!(p.description, Some(None));
        assert_eq!(p.name_en, None);
        let d = p.into_draft().unwrap();
        assert_eq!(d.props.get("description"), Some(&Value::Null));
        assert!(!d.props.contains_key("name_en"));
    }

    #[test]
    fn invalid_uscc_is_named() {
        let e: NewEnterprise = serde_json::from_value(json!({
            "uscc": "91350100M000100Y44", "name_zh": "x", "region": "110000"}))
        .unwrap();
        let Err(ApiError::Validation { errors, .. }) = e.into_draft() else {
            panic!()
        };
        assert_eq!(
            (errors[0].field.as_str(), errors[0].rule.as_str()),
            ("uscc", "check_character")
        );
    }
}
