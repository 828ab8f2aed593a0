//! Request bodies for registering and editing organisations, their checks, and the typed rows
//! the store writes.

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::auth::{Principal, Role};
use crate::domain::names::match_text;
use crate::domain::organisation::name_key;
use crate::domain::{OrgKind, ParkId, RdKind, RegionCode, Scale, Tag, Uscc};
use crate::error::Error;
use crate::validate::{nfc, nfc_opt, Checks, NAME_MAX, TEXT_MAX};

/// Absent: leave unchanged; `null`: clear; a value: set.
pub type Patch<T> = Option<Option<T>>;

fn patch<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Patch<T>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A text patch, in NFC.
fn patch_text<'de, D: Deserializer<'de>>(d: D) -> Result<Patch<String>, D::Error> {
    nfc_opt(d).map(Some)
}

/// At most three tags, each at most once (`distinct_tags` checks the second: the schema says
/// `uniqueItems`, which utoipa writes only for set types, and a set would drop a repeat silently).
const TAGS_MAX: usize = 3;

fn tags_array() -> utoipa::openapi::schema::ArrayBuilder {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(utoipa::openapi::Ref::from_schema_name("Tag"))
        .max_items(Some(TAGS_MAX))
        .unique_items(true)
        .description(Some("Each at most once."))
}

fn tags_schema() -> utoipa::openapi::schema::Array {
    tags_array().build()
}

fn tags_patch_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{SchemaType, Type};
    tags_array()
        .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
        .build()
}

/// Register an enterprise.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "uscc": "91130200MA0000001X", "name_zh": "唐山星衡减速器有限公司",
    "name_en": "Tangshan Xingheng Reducer Co., Ltd.", "region": "130200", "scale": "medium",
    "tags": ["little_giant"], "description": "RV reducers for industrial robots",
    "source": "https://example.org/alliance-register/2026"
}))]
pub struct NewEnterprise {
    /// Unified Social Credit Code: 18 characters with a valid check character.
    #[schema(value_type = Uscc)]
    pub uscc: String,
    #[serde(deserialize_with = "nfc")]
    #[schema(min_length = 1, max_length = 200)]
    pub name_zh: String,
    #[serde(default, deserialize_with = "nfc_opt")]
    #[schema(max_length = 200)]
    pub name_en: Option<String>,
    /// GB/T 2260 code of a known region.
    #[schema(value_type = RegionCode)]
    pub region: String,
    pub scale: Option<Scale>,
    #[serde(default)]
    #[schema(schema_with = tags_schema)]
    pub tags: Vec<Tag>,
    #[serde(default, deserialize_with = "nfc_opt")]
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    /// Id of a known park.
    #[schema(value_type = Option<ParkId>)]
    pub park: Option<String>,
    /// Where the information comes from (URL or document).
    #[serde(default, deserialize_with = "nfc_opt")]
    #[schema(max_length = 2000)]
    pub source: Option<String>,
}

/// Register an R&D source (university, institute, lab, innovation centre).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "rd_kind": "university", "name_zh": "北京示例大学机器人学院",
    "name_en": "Example University School of Robotics", "region": "110108",
    "source": "https://example.org/alliance-register/2026"
}))]
pub struct NewRdSource {
    pub rd_kind: RdKind,
    #[serde(deserialize_with = "nfc")]
    #[schema(min_length = 1, max_length = 200)]
    pub name_zh: String,
    #[serde(default, deserialize_with = "nfc_opt")]
    #[schema(max_length = 200)]
    pub name_en: Option<String>,
    #[schema(value_type = RegionCode)]
    pub region: String,
    #[serde(default, deserialize_with = "nfc_opt")]
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    /// Id of a known park.
    #[schema(value_type = Option<ParkId>)]
    pub park: Option<String>,
    #[serde(default, deserialize_with = "nfc_opt")]
    #[schema(max_length = 2000)]
    pub source: Option<String>,
}

/// Change some fields of an enterprise; `null` clears an optional field.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"scale": "large", "description": null}))]
pub struct EnterprisePatch {
    #[schema(value_type = Option<Uscc>)]
    pub uscc: Option<String>,
    #[serde(default, deserialize_with = "nfc_opt")]
    #[schema(min_length = 1, max_length = 200)]
    pub name_zh: Option<String>,
    #[serde(default, deserialize_with = "patch_text")]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub name_en: Patch<String>,
    #[schema(value_type = Option<RegionCode>)]
    pub region: Option<String>,
    #[serde(default, deserialize_with = "patch")]
    #[schema(value_type = Option<Scale>)]
    pub scale: Patch<Scale>,
    #[schema(schema_with = tags_patch_schema)]
    pub tags: Option<Vec<Tag>>,
    #[serde(default, deserialize_with = "patch_text")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub description: Patch<String>,
    #[serde(default, deserialize_with = "patch")]
    #[schema(value_type = Option<ParkId>)]
    pub park: Patch<String>,
    #[serde(default, deserialize_with = "patch_text")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub source: Patch<String>,
}

/// Change some fields of an R&D source; `null` clears an optional field.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RdSourcePatch {
    pub rd_kind: Option<RdKind>,
    #[serde(default, deserialize_with = "nfc_opt")]
    #[schema(min_length = 1, max_length = 200)]
    pub name_zh: Option<String>,
    #[serde(default, deserialize_with = "patch_text")]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub name_en: Patch<String>,
    #[schema(value_type = Option<RegionCode>)]
    pub region: Option<String>,
    #[serde(default, deserialize_with = "patch_text")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub description: Patch<String>,
    #[serde(default, deserialize_with = "patch")]
    #[schema(value_type = Option<ParkId>)]
    pub park: Patch<String>,
    #[serde(default, deserialize_with = "patch_text")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub source: Patch<String>,
}

/// The stored properties of a new organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Props {
    pub name_zh: String,
    /// `name_key(name_zh)`, for spotting near-duplicates.
    pub name_key: String,
    /// `names::match_text` of its names: what reconciliation finds it by.
    pub match_text: String,
    pub name_en: Option<String>,
    pub uscc: Option<Uscc>,
    pub scale: Option<Scale>,
    pub tags: Vec<Tag>,
    pub rd_kind: Option<RdKind>,
    pub description: Option<String>,
    pub source: Option<String>,
}

/// The properties an edit sets: absent fields are left out when serialised, and `Some(None)`
/// serialises as `null`, which removes the property.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PropsPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_key: Option<String>,
    /// Set by the store, which knows the names the edit leaves as they were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_en: Patch<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uscc: Option<Uscc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Patch<Scale>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rd_kind: Option<RdKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Patch<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Patch<String>,
}

impl From<Props> for PropsPatch {
    /// Every property set (or cleared): a re-imported row replaces the whole record.
    fn from(p: Props) -> Self {
        PropsPatch {
            name_zh: Some(p.name_zh),
            name_key: Some(p.name_key),
            match_text: Some(p.match_text),
            name_en: Some(p.name_en),
            uscc: p.uscc,
            scale: Some(p.scale),
            tags: Some(p.tags),
            rd_kind: p.rd_kind,
            description: Some(p.description),
            source: Some(p.source),
        }
    }
}

/// A checked registration, ready for the store.
#[derive(Debug, Clone)]
pub struct NewOrganisation {
    pub kind: OrgKind,
    pub props: Props,
    pub region: RegionCode,
    pub park: Option<String>,
}

impl NewOrganisation {
    /// What identifies the record in an import: the USCC, or the Chinese name and region.
    pub fn natural_key(&self) -> String {
        match &self.props.uscc {
            Some(uscc) => uscc.to_string(),
            None => format!("{}|{}", self.region, self.props.name_zh),
        }
    }

    /// The record as its `create` change keeps it, under the names the record is read by (as
    /// an update's changes are): every field, region and park included, so a reader of the
    /// change feed can build the record from it; not what only matching reads.
    pub fn snapshot(&self, who: &Principal, synthetic: bool) -> serde_json::Value {
        let mut snapshot = serde_json::to_value(&self.props).unwrap_or_default();
        if let Some(fields) = snapshot.as_object_mut() {
            fields.remove("name_key");
            fields.remove("match_text");
            fields.insert("region_code".into(), self.region.as_str().into());
            if let Some(park) = &self.park {
                fields.insert("park".into(), park.as_str().into());
            }
            // As `organisations::store::batch::create_query` writes them.
            // An admin's record is verified, never a synthetic one.
            let verified = who.role == Role::Admin && !synthetic;
            fields.insert("verified".into(), verified.into());
            fields.insert("owner".into(), who.owner().into());
            fields.insert("synthetic".into(), synthetic.into());
        }
        snapshot
    }
}

/// A checked edit, ready for the store.
#[derive(Debug, Clone)]
pub struct OrganisationPatch {
    pub kind: OrgKind,
    pub props: PropsPatch,
    pub region: Option<RegionCode>,
    pub park: Patch<String>,
}

/// The text fields every organisation has, checked together.
struct CommonText<'a> {
    name_zh: Option<&'a str>,
    name_en: Option<&'a str>,
    description: Option<&'a str>,
    source: Option<&'a str>,
}

impl CommonText<'_> {
    fn check(&self, c: &mut Checks) {
        if let Some(n) = self.name_zh {
            c.text("name_zh", n, 1, NAME_MAX);
        }
        c.optional_text("name_en", self.name_en, NAME_MAX);
        c.optional_text("description", self.description, TEXT_MAX);
        c.optional_text("source", self.source, TEXT_MAX);
    }
}

/// A tag says something of a firm once.
fn distinct_tags(c: &mut Checks, tags: &[Tag]) {
    let mut seen = Vec::new();
    for t in tags {
        if seen.contains(t) {
            c.fail("tags", "unique", "a tag is given more than once");
            return;
        }
        seen.push(*t);
    }
}

fn inner(value: &Patch<String>) -> Option<&str> {
    value.as_ref().and_then(|v| v.as_deref())
}

fn region(c: &mut Checks, value: &str) -> Option<RegionCode> {
    c.parsed("region", RegionCode::parse(value))
}

fn uscc(c: &mut Checks, value: &str) -> Option<Uscc> {
    Uscc::parse(value)
        .map_err(|e| c.fail("uscc", e.rule(), e.to_string()))
        .ok()
}

/// A registration body of either kind.
pub trait Registration {
    fn into_new(self) -> Result<NewOrganisation, Error>;
}

/// An edit body of either kind.
pub trait Edit {
    fn into_patch(self) -> Result<OrganisationPatch, Error>;
}

impl Registration for NewEnterprise {
    fn into_new(self) -> Result<NewOrganisation, Error> {
        let mut c = Checks::default();
        let uscc = uscc(&mut c, &self.uscc);
        let region = region(&mut c, &self.region);
        CommonText {
            name_zh: Some(&self.name_zh),
            name_en: self.name_en.as_deref(),
            description: self.description.as_deref(),
            source: self.source.as_deref(),
        }
        .check(&mut c);
        distinct_tags(&mut c, &self.tags);
        c.finish()?;
        Ok(NewOrganisation {
            kind: OrgKind::Enterprise,
            props: Props {
                name_key: name_key(&self.name_zh),
                match_text: match_text(&[Some(&self.name_zh), self.name_en.as_deref()]),
                name_zh: self.name_zh,
                name_en: self.name_en,
                uscc,
                scale: self.scale,
                tags: self.tags,
                rd_kind: None,
                description: self.description,
                source: self.source,
            },
            region: region.expect("checked"),
            park: self.park,
        })
    }
}

impl Registration for NewRdSource {
    fn into_new(self) -> Result<NewOrganisation, Error> {
        let mut c = Checks::default();
        let region = region(&mut c, &self.region);
        CommonText {
            name_zh: Some(&self.name_zh),
            name_en: self.name_en.as_deref(),
            description: self.description.as_deref(),
            source: self.source.as_deref(),
        }
        .check(&mut c);
        c.finish()?;
        Ok(NewOrganisation {
            kind: OrgKind::RdSource,
            props: Props {
                name_key: name_key(&self.name_zh),
                match_text: match_text(&[Some(&self.name_zh), self.name_en.as_deref()]),
                name_zh: self.name_zh,
                name_en: self.name_en,
                uscc: None,
                scale: None,
                tags: vec![],
                rd_kind: Some(self.rd_kind),
                description: self.description,
                source: self.source,
            },
            region: region.expect("checked"),
            park: self.park,
        })
    }
}

/// The fields both patch types share, checked into `c`.
fn common_patch(
    c: &mut Checks,
    name_zh: Option<String>,
    name_en: Patch<String>,
    description: Patch<String>,
    source: Patch<String>,
) -> PropsPatch {
    CommonText {
        name_zh: name_zh.as_deref(),
        name_en: inner(&name_en),
        description: inner(&description),
        source: inner(&source),
    }
    .check(c);
    PropsPatch {
        name_key: name_zh.as_deref().map(name_key),
        name_zh,
        name_en,
        description,
        source,
        ..PropsPatch::default()
    }
}

impl Edit for EnterprisePatch {
    fn into_patch(self) -> Result<OrganisationPatch, Error> {
        let mut c = Checks::default();
        let uscc = self.uscc.as_deref().map(|u| uscc(&mut c, u));
        let region = self.region.as_deref().map(|r| region(&mut c, r));
        let mut props = common_patch(
            &mut c,
            self.name_zh,
            self.name_en,
            self.description,
            self.source,
        );
        distinct_tags(&mut c, self.tags.as_deref().unwrap_or_default());
        c.finish()?;
        props.uscc = uscc.flatten();
        props.tags = self.tags;
        props.scale = self.scale;
        Ok(OrganisationPatch {
            kind: OrgKind::Enterprise,
            props,
            region: region.flatten(),
            park: self.park,
        })
    }
}

impl Edit for RdSourcePatch {
    fn into_patch(self) -> Result<OrganisationPatch, Error> {
        let mut c = Checks::default();
        let region = self.region.as_deref().map(|r| region(&mut c, r));
        let mut props = common_patch(
            &mut c,
            self.name_zh,
            self.name_en,
            self.description,
            self.source,
        );
        c.finish()?;
        props.rd_kind = self.rd_kind;
        Ok(OrganisationPatch {
            kind: OrgKind::RdSource,
            props,
            region: region.flatten(),
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
        let d = p.into_patch().unwrap();
        let json = serde_json::to_value(&d.props).unwrap();
        assert_eq!(json, serde_json::json!({"description": null}));
    }

    #[test]
    fn invalid_uscc_and_region_are_named_together() {
        let e: NewEnterprise = serde_json::from_value(serde_json::json!({
            "uscc": "91350100M000100Y44", "name_zh": "x", "region": "1100"}))
        .unwrap();
        let Err(Error::Invalid(errors)) = e.into_new() else {
            panic!()
        };
        let got: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.rule.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![("uscc", "check_character"), ("region", "pattern")]
        );
    }

    #[test]
    fn a_registration_is_keyed_by_uscc_or_name_and_region() {
        let e: NewEnterprise = serde_json::from_value(serde_json::json!({
            "uscc": "91350100M000100Y43", "name_zh": "甲", "region": "110108"}))
        .unwrap();
        assert_eq!(e.into_new().unwrap().natural_key(), "91350100M000100Y43");
        let r: NewRdSource = serde_json::from_value(serde_json::json!({
            "rd_kind": "university", "name_zh": "乙", "region": "110108"}))
        .unwrap();
        assert_eq!(r.into_new().unwrap().natural_key(), "110108|乙");
    }
}
