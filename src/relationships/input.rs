//! The body of a new relationship, the rules each kind follows, and the typed row it becomes.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::{RelKind, TransferMode};
use crate::error::Error;
use crate::validate::{nfc, nfc_opt, whole_number, Checks, NAME_MAX, TEXT_MAX};

/// Record a relationship. Kind-specific fields: `supplies` needs `product`;
/// `transfers_technology` needs `mode` (and may have `technology`, `year`); `invests_in` may have
/// `share` (0–1] and `year`; `cooperates_with` may have `topic`; `incubates` and `branch_of` may
/// have `year`; `relocated_from` needs `year`, its `target_id` is a region code, and it may
/// have `scope`. Every kind needs `source` and may have `valid_from`/`valid_to`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "transfers_technology", "source_id": "rd-7d1e3f5a9c2b4e6d",
    "target_id": "ent-4c1f0a9e2b7d5a31", "technology": "cycloidal reducer design",
    "mode": "licence", "year": 2024, "source": "https://example.org/tech-transfer/2024-118"
}))]
pub struct NewRelationship {
    pub kind: RelKind,
    #[schema(value_type = crate::domain::OrgId)]
    pub source_id: String,
    /// An organisation id; for `relocated_from`, the GB/T 2260 code of the region left (which
    /// has an organisation id's shape too).
    #[schema(value_type = crate::domain::OrgId)]
    pub target_id: String,
    #[serde(default, deserialize_with = "nfc_opt")]
    #[schema(max_length = 200)]
    pub product: Option<String>,
    #[serde(default, deserialize_with = "nfc_opt")]
    #[schema(max_length = 200)]
    pub technology: Option<String>,
    pub mode: Option<TransferMode>,
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(minimum = 1949, maximum = 2100)]
    pub year: Option<i64>,
    #[schema(exclusive_minimum = 0.0, maximum = 1.0)]
    pub share: Option<f64>,
    #[serde(default, deserialize_with = "nfc_opt")]
    #[schema(max_length = 200)]
    pub topic: Option<String>,
    #[serde(default, deserialize_with = "nfc_opt")]
    #[schema(max_length = 200)]
    pub scope: Option<String>,
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(minimum = 1949, maximum = 2100)]
    pub valid_from: Option<i64>,
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(minimum = 1949, maximum = 2100)]
    pub valid_to: Option<i64>,
    /// Provenance: a URL or a document reference.
    #[serde(deserialize_with = "nfc")]
    #[schema(min_length = 1, max_length = 2000)]
    pub source: String,
}

/// The kind-specific properties of a relationship, as stored (absent ones are not stored).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RelProps {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technology: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<TransferMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<i64>,
}

/// One relationship to write: the row the create and update statements take.
#[derive(Debug, Clone, Serialize)]
pub struct RelationshipRow {
    pub id: String,
    pub source_id: String,
    pub target_id: String,
    pub props: RelProps,
    pub source: String,
    /// Invented data (synthetic datasets a curator imports): never verified.
    pub synthetic: bool,
}

fn allowed(kind: RelKind, field: &str) -> bool {
    use RelKind::*;
    matches!(
        (kind, field),
        (_, "valid_from" | "valid_to")
            | (Supplies, "product")
            | (TransfersTechnology, "technology" | "mode" | "year")
            | (InvestsIn, "share" | "year")
            | (CooperatesWith, "topic" | "year")
            | (Incubates | BranchOf, "year")
            | (RelocatedFrom, "year" | "scope")
    )
}

fn required(kind: RelKind) -> Option<&'static str> {
    match kind {
        RelKind::Supplies => Some("product"),
        RelKind::TransfersTechnology => Some("mode"),
        RelKind::RelocatedFrom => Some("year"),
        _ => None,
    }
}

impl RelProps {
    /// The names of the fields that are present.
    fn present(&self) -> Vec<String> {
        let json = serde_json::to_value(self).unwrap_or_default();
        json.as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Which fields this kind may and must have.
    fn check_fields(&self, kind: RelKind, c: &mut Checks) {
        let present = self.present();
        for field in &present {
            if !allowed(kind, field) {
                let message = format!("{field} does not apply to {kind:?} relationships");
                c.fail(field, "not_applicable", message);
            }
        }
        if let Some(field) = required(kind).filter(|f| !present.iter().any(|p| p == f)) {
            c.fail(
                field,
                "required",
                format!("{field} is required for this kind"),
            );
        }
    }

    /// Lengths, years and the share's range.
    fn check_values(&self, c: &mut Checks) {
        let texts = [
            ("product", &self.product),
            ("technology", &self.technology),
            ("topic", &self.topic),
            ("scope", &self.scope),
        ];
        for (field, value) in texts {
            c.optional_text(field, value.as_deref(), NAME_MAX);
        }
        c.year("year", self.year);
        c.years("valid_from", self.valid_from, "valid_to", self.valid_to);
        if let Some(share) = self.share {
            if !(share > 0.0 && share <= 1.0) {
                c.fail("share", "range", "share is a fraction in (0, 1]");
            }
        }
    }
}

impl NewRelationship {
    /// The kind-specific properties the body gives.
    pub fn props(&self) -> RelProps {
        RelProps {
            product: self.product.clone(),
            technology: self.technology.clone(),
            mode: self.mode,
            year: self.year,
            share: self.share,
            topic: self.topic.clone(),
            scope: self.scope.clone(),
            valid_from: self.valid_from,
            valid_to: self.valid_to,
        }
    }

    /// Checks the body against its kind's rules and returns the properties to store.
    pub fn checked_props(&self) -> Result<RelProps, Error> {
        let mut c = Checks::default();
        c.text("source_id", &self.source_id, 1, NAME_MAX);
        c.text("target_id", &self.target_id, 1, NAME_MAX);
        c.text("source", &self.source, 1, TEXT_MAX);
        if self.source_id == self.target_id {
            let message = "a relationship must join two different organisations";
            c.fail("target_id", "self_loop", message);
        }
        let props = self.props();
        props.check_fields(self.kind, &mut c);
        props.check_values(&mut c);
        c.finish()?;
        Ok(props)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn body(v: Value) -> NewRelationship {
        serde_json::from_value(v).unwrap()
    }

    fn rules(r: Result<RelProps, Error>) -> Vec<(String, String)> {
        match r {
            Err(Error::Invalid(errors)) => errors.into_iter().map(|e| (e.field, e.rule)).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn supplies_needs_a_product_and_rejects_foreign_fields() {
        let r = body(
            json!({"kind": "supplies", "source_id": "a", "target_id": "b", "source": "s", "mode": "licence"}),
        );
        let got = rules(r.checked_props());
        assert!(got.contains(&("mode".into(), "not_applicable".into())));
        assert!(got.contains(&("product".into(), "required".into())));
    }

    #[test]
    fn self_loops_years_and_shares_are_checked() {
        let r = body(
            json!({"kind": "invests_in", "source_id": "a", "target_id": "a", "source": "s",
            "share": 1.5, "year": 1900, "valid_from": 2020, "valid_to": 2010}),
        );
        let got = rules(r.checked_props());
        for expected in [
            ("target_id", "self_loop"),
            ("share", "range"),
            ("year", "range"),
            ("valid_to", "order"),
        ] {
            assert!(
                got.contains(&(expected.0.into(), expected.1.into())),
                "{expected:?} in {got:?}"
            );
        }
    }

    #[test]
    fn a_valid_transfer_keeps_its_fields() {
        let r = body(
            json!({"kind": "transfers_technology", "source_id": "a", "target_id": "b",
            "source": "s", "mode": "joint_rd", "year": 2024, "technology": "t"}),
        );
        let stored = serde_json::to_value(r.checked_props().unwrap()).unwrap();
        assert_eq!(
            stored,
            json!({"technology": "t", "mode": "joint_rd", "year": 2024})
        );
    }
}
