//! The OpenAPI document: metadata here, operations collected from the route table.

use actix_web::App;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::error::FieldError;
use crate::routes::problem::Problem;

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

/// The document for the routes in [`crate::routes::configure`].
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::configure)
        .split_for_parts();
    // The crate version would make every release a spec change; the API version is the contract.
    api.info.version = "1.0.0".into();
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
