//! The OpenAPI document: metadata here, operations collected from the route table.

use actix_web::App;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::error::FieldError;
use crate::routes::problem::Problem;
use crate::validate::text_pattern;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ChainAtlas API",
        description = "Industrial-cluster and supply-chain graph of the Beijing–Tianjin–Hebei \
                       region (京津冀): the six key chains, their links, the organisations in them \
                       and the relationships between those organisations.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    servers((url = "/", description = "The service that serves this document")),
    tags(
        (name = "chains", description = "The six key industrial chains (六链) and their links"),
        (name = "queries", description = "Questions for investment promotion: paths, chain maps, the three lists, impact, flows, search"),
        (name = "enterprises", description = "Register and maintain enterprises (alliance members, admins)"),
        (name = "rd-sources", description = "Register and maintain R&D sources: universities, institutes, labs"),
        (name = "relationships", description = "Supply, technology transfer, investment and other links between organisations, with provenance"),
        (name = "imports", description = "Bulk import of enterprises, R&D sources and relationships from CSV"),
        (name = "keys", description = "API keys and roles (admin)"),
        (name = "changes", description = "The change feed: every recorded change, in commit order, for tools that mirror or react"),
        (name = "webhooks", description = "Endpoints that receive the change feed as it grows, signed (Standard Webhooks 1.0); each POST's body is a WebhookPayload"),
        (name = "alerts", description = "Watchlists, events reported on firms, and the alerts raised for watchers"),
        (name = "review", description = "The curators' review queue and decisions; members' own records and their review status"),
        (name = "operations", description = "Probes for orchestrators"),
    ),
    // Types used only in query parameters are not collected from the handlers: list them here.
    components(schemas(
        Problem,
        FieldError,
        crate::domain::ChainId,
        crate::domain::RelKind,
        crate::domain::OrgKind,
        crate::domain::Tag,
        crate::routes::chains::MapBreakdown,
        crate::domain::Direction,
        crate::imports::ImportKind,
        crate::imports::OnError,
        crate::domain::RecordKind,
        crate::routes::export::SheetFormat,
        crate::routes::export::ListFormat,
        crate::domain::OrgId,
        crate::domain::RegionCode,
        crate::domain::SegmentId,
        crate::domain::ParkId,
        crate::domain::RecordId,
        crate::domain::Uscc,
        // What each webhook delivery carries (sent, not served: no operation names it).
        crate::webhooks::dispatch::WebhookPayload,
    )),
    modifiers(&BearerApiKey)
)]
pub struct ApiDoc;

/// `Authorization: Bearer <key>`; the operation descriptions say which role each one needs.
struct BearerApiKey;

impl Modify for BearerApiKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("ca_<key id>_<secret>")
            .description(Some(
                "API key. Roles: admin (everything), member (writes what its organisation \
                 owns), reader (read-only). Reads need no key when the deployment allows \
                 public reads.",
            ))
            .build();
        components.add_security_scheme("api_key", SecurityScheme::Http(scheme));
    }
}

/// Stored text refuses control and direction-override characters (`validate::Checks::text`);
/// utoipa takes only literal patterns, so the one pattern is set here, on every stored text field:
/// (schema, property, required). A required one must also hold a character that is not space.
pub const TEXT_FIELDS: &[(&str, &str, bool)] = &[
    ("NewEnterprise", "name_zh", true),
    ("NewEnterprise", "name_en", false),
    ("NewEnterprise", "description", false),
    ("NewEnterprise", "source", false),
    ("NewRdSource", "name_zh", true),
    ("NewRdSource", "name_en", false),
    ("NewRdSource", "description", false),
    ("NewRdSource", "source", false),
    ("EnterprisePatch", "name_zh", true),
    ("EnterprisePatch", "name_en", false),
    ("EnterprisePatch", "description", false),
    ("EnterprisePatch", "source", false),
    ("RdSourcePatch", "name_zh", true),
    ("RdSourcePatch", "name_en", false),
    ("RdSourcePatch", "description", false),
    ("RdSourcePatch", "source", false),
    ("NewRelationship", "product", false),
    ("NewRelationship", "technology", false),
    ("NewRelationship", "topic", false),
    ("NewRelationship", "scope", false),
    ("NewRelationship", "source", true),
    ("NewApiKey", "name", true),
    ("CapabilityInput", "technology", true),
    ("CapabilityInput", "evidence", true),
    ("CapabilityInput", "source", true),
];

/// `If-Match` as HTTP has it (`*` or entity tags, weak or strong; RFC 9110 §8.8.3), plus the bare
/// version number a person types into curl. A tag this API never issued is well-formed: 412.
const IF_MATCH_PATTERN: &str = "^(\\*|(W/)?\"[!#-~]*\"|[0-9]{1,18})$";

/// Idempotency keys: short printable ASCII (`idempotency::Claim::new`).
const IDEMPOTENCY_KEY_PATTERN: &str = "^[!-~]{1,200}$";
const IDEMPOTENCY_KEY_MAX: usize = 200;

/// Sets the patterns utoipa drops from optional header parameters.
fn declare_headers(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::schema::{SchemaType, Type};
    use utoipa::openapi::{RefOr, Schema};
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            item.post.as_mut(),
            item.patch.as_mut(),
            item.delete.as_mut(),
        ];
        for operation in operations.into_iter().flatten() {
            for parameter in operation.parameters.iter_mut().flatten() {
                let (pattern, max) = match parameter.name.as_str() {
                    "If-Match" => (IF_MATCH_PATTERN, crate::routes::versions::IF_MATCH_MAX),
                    "Idempotency-Key" => (IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_KEY_MAX),
                    _ => continue,
                };
                if let Some(RefOr::T(Schema::Object(schema))) = parameter.schema.as_mut() {
                    // An absent header is how a client sends none; "null" is no value of it.
                    schema.schema_type = SchemaType::Type(Type::String);
                    schema.pattern = Some(pattern.into());
                    schema.max_length = Some(max);
                }
            }
        }
    }
}

/// Sets the text pattern on every field of [`TEXT_FIELDS`]; returns those it did not find.
pub fn apply_text_rules(openapi: &mut utoipa::openapi::OpenApi) -> Vec<String> {
    use utoipa::openapi::{RefOr, Schema};
    let Some(components) = openapi.components.as_mut() else {
        return vec!["components".into()];
    };
    let mut missing = Vec::new();
    for (name, field, required) in TEXT_FIELDS {
        let property = match components.schemas.get_mut(*name) {
            Some(RefOr::T(Schema::Object(parent))) => parent.properties.get_mut(*field),
            _ => None,
        };
        match property {
            Some(RefOr::T(Schema::Object(p))) => p.pattern = Some(text_pattern(*required)),
            _ => missing.push(format!("{name}.{field}")),
        }
    }
    match components.schemas.get_mut("ProductName") {
        Some(RefOr::T(Schema::Object(p))) => p.pattern = Some(text_pattern(true)),
        _ => missing.push("ProductName".into()),
    }
    missing
}

/// The document for the routes in [`crate::routes::configure`].
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::configure)
        .split_for_parts();
    // The crate version would make every release a spec change; the API version is the contract.
    api.info.version = "1.0.0".into();
    let missing = apply_text_rules(&mut api);
    assert!(missing.is_empty(), "no such text fields: {missing:?}");
    declare_headers(&mut api);
    api
}

/// Pretty JSON with a final newline: the form committed in `openapi/openapi.json`.
pub fn spec_json() -> String {
    let mut text = spec()
        .to_pretty_json()
        .expect("the OpenAPI document serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    /// The address rule of webhooks and event sources is checked in code
    /// (`validate::http_url_shape`); the contract must state the same pattern.
    #[test]
    fn the_contract_states_the_address_rule_the_service_checks() {
        let spec = serde_json::to_value(super::spec()).unwrap();
        for schema in ["NewWebhook", "EventSource"] {
            assert_eq!(
                spec["components"]["schemas"][schema]["properties"]["url"]["pattern"],
                crate::validate::HTTP_URL_PATTERN,
                "{schema}"
            );
        }
    }
}
