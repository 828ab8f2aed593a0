//! The body of a new relationship and the rules each kind follows.

use serde::Deserialize;
use serde_json::{json, Map, Value};
use utoipa::ToSchema;

use crate::domain::{RelKind, TransferMode};
use crate::error::ApiError;
use crate::validate::{Checks, NAME_MAX, TEXT_MAX};

/// Record a relationship. Kind-specific fields: `supplies` needs `product`;
/// `transfers_technology` needs `mode` (and may have `technology`, `year`); `invests_in` may have
/// `share` (0–1] and `year`; `cooperates_with` may have `topic`; `incubates` and `branch_of` may
/// have `year`; `relocated_from` needs `year`, its `target_id` is a region code, and it may
/// have `scope`. Every kind needs `source` and may have `valid_from`/`valid_to`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "transfers_technology", "source_id": "rd-7d1e3f5a9c2b4e6d",
    "target_id": "ent-4c1f0a9e2b7d5a31", "technology": "cycloidal reducer design",
    "mode": "licence", "year": 2024, "source": "https://example.org/tech-transfer/2024-118"
}))]
pub struct NewRelationship {
    pub kind: RelKind,
    pub source_id: String,
    /// An organisation id; for `relocated_from`, the GB/T 2260 code of the region left.
    pub target_id: String,
    pub product: Option<String>,
    pub technology: Option<String>,
    pub mode: Option<TransferMode>,
    pub year: Option<i64>,
    pub share: Option<f64>,
    pub topic: Option<String>,
    pub scope: Option<String>,
    pub valid_from: Option<i64>,
    pub valid_to: Option<i64>,
    /// Provenance: a URL or a document reference.
    pub source: String,
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

impl NewRelationship {
    /// Checks the body and returns the kind-specific properties to store.
    pub fn checked_props(&self) -> Result<Map<String, Value>, ApiError> {
        let mut c = Checks::default();
        c.text("source_id", &self.source_id, 1, NAME_MAX);
        c.text("target_id", &self.target_id, 1, NAME_MAX);
        c.text("source", &self.source, 1, TEXT_MAX);
        if self.source_id == self.target_id {
            c.fail(
                "target_id",
                "self_loop",
                "a relationship must join two different organisations",
            );
        }
        let fields = [
            ("product", json!(self.product)),
            ("technology", json!(self.technology)),
            ("mode", json!(self.mode)),
            ("year", json!(self.year)),
            ("share", json!(self.share)),
            ("topic", json!(self.topic)),
            ("scope", json!(self.scope)),
            ("valid_from", json!(self.valid_from)),
            ("valid_to", json!(self.valid_to)),
        ];
        let mut props = Map::new();
        for (field, value) in fields {
            if value.is_null() {
                continue;
            }
            if allowed(self.kind, field) {
                props.insert(field.to_owned(), value);
            } else {
                c.fail(
                    field,
                    "not_applicable",
                    format!("{field} does not apply to {:?} relationships", self.kind),
                );
            }
        }
        let required = match self.kind {
            RelKind::Supplies => Some(("product", self.product.is_some())),
            RelKind::TransfersTechnology => Some(("mode", self.mode.is_some())),
            RelKind::RelocatedFrom => Some(("year", self.year.is_some())),
            _ => None,
        };
        if let Some((field, false)) = required {
            c.fail(
                field,
                "required",
                format!("{field} is required for this kind"),
            );
        }
        for (field, value) in [
            ("product", &self.product),
            ("technology", &self.technology),
            ("topic", &self.topic),
            ("scope", &self.scope),
        ] {
            c.optional_text(field, value.as_deref(), NAME_MAX);
        }
        for (field, value) in [
            ("year", self.year),
            ("valid_from", self.valid_from),
            ("valid_to", self.valid_to),
        ] {
            c.year(field, value);
        }
        if let (Some(from), Some(to)) = (self.valid_from, self.valid_to) {
            if from > to {
                c.fail(
                    "valid_to",
                    "order",
                    "valid_to must not be before valid_from",
                );
            }
        }
        if let Some(share) = self.share {
            if !(share > 0.0 && share <= 1.0) {
                c.fail("share", "range", "share is a fraction in (0, 1]");
            }
        }
        c.finish()?;
        Ok(props)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(v: Value) -> NewRelationship {
        serde_json::from_value(v).unwrap()
    }

    fn rules(r: Result<Map<String, Value>, ApiError>) -> Vec<(String, String)> {
        match r {
            Err(ApiError::Validation { errors, .. }) => {
                errors.into_iter().map(|e| (e.field, e.rule)).collect()
            }
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
        let props = r.checked_props().unwrap();
        assert_eq!(props["mode"], "joint_rd");
        assert_eq!(props["year"], 2024);
    }
}
