use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{delete, put, HttpResponse};
use serde::Deserialize;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::domain::{OrgId, SegmentId, SegmentRole};
use crate::organisations::model::{MembershipTerms, Organisation};
use crate::organisations::store;
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::{ActionErrors, ChangeErrors};
use crate::routes::versions::tagged;
use crate::state::AppState;
use crate::validate::{whole_number, Checks, NAME_MAX};

/// The part an enterprise plays in a chain link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"role": "core", "products": ["RV reducers", "harmonic drives"], "since": 2019}))]
pub struct MembershipInput {
    pub role: SegmentRole,
    /// At most 50, each 1 to 200 characters.
    #[serde(default)]
    #[schema(max_items = 50, value_type = Vec<ProductName>)]
    pub products: Vec<String>,
    /// The year it began operating in the link, if known (1949–2100).
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(minimum = 1949, maximum = 2100, value_type = Option<i64>)]
    pub since: Option<i64>,
    /// The year it stopped, if it has (1949–2100, not before `since`).
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(minimum = 1949, maximum = 2100, value_type = Option<i64>)]
    pub until: Option<i64>,
}

/// A product or service name: describes `MembershipInput::products` items in the OpenAPI
/// document (utoipa cannot bound a list's strings in place).
pub struct ProductName;

impl utoipa::PartialSchema for ProductName {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "A product or service, 1 to 200 characters, not blank.",
            ))
            .min_length(Some(1))
            .max_length(Some(NAME_MAX))
            .pattern(Some("\\S"))
            .into()
    }
}

impl ToSchema for ProductName {}

impl MembershipInput {
    fn checked(self) -> Result<MembershipTerms, ApiError> {
        let mut c = Checks::default();
        if self.products.len() > 50 {
            c.fail("products", "length", "at most 50 products");
        }
        for (i, p) in self.products.iter().enumerate() {
            c.text(&format!("products[{i}]"), p, 1, NAME_MAX);
        }
        c.years("since", self.since, "until", self.until);
        c.finish()?;
        Ok(MembershipTerms {
            role: self.role,
            products: self.products,
            since: self.since,
            until: self.until,
        })
    }
}

/// Declare that an enterprise operates in a chain link (admin, or the owning member).
///
/// Creates or replaces the membership: the role it plays in the link or sub-link, its products there, and the years it began (and stopped). The chain map and the lists count it from then on.
#[utoipa::path(operation_id = "putEnterpriseSegment", tag = "enterprises", security(("api_key" = [])),
    params(("id" = crate::domain::OrgId, Path, description = "Enterprise id"),
           ("segment" = crate::domain::SegmentId, Path, description = "Chain link id", example = "robotics.reducers")),
    request_body = MembershipInput,
    responses((status = 200, description = "The enterprise with its links", body = Organisation,
        headers(("ETag" = String, description = "The record's version, for `If-Match`"))), ChangeErrors))]
#[put("/enterprises/{id}/segments/{segment}")]
pub async fn put_enterprise_segment(
    state: Data<AppState>,
    caller: Caller,
    path: Path<(OrgId, SegmentId)>,
    Body(body): Body<MembershipInput>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let (id, segment) = path.into_inner();
    let terms = body.checked()?;
    let changed = store::put_membership(&state.db, who, &id, &segment, terms).await?;
    Ok(tagged(StatusCode::OK, &changed))
}

/// Withdraw an enterprise from a chain link (admin, or the owning member).
///
/// The membership ends; the enterprise's history keeps the change.
#[utoipa::path(operation_id = "deleteEnterpriseSegment", tag = "enterprises", security(("api_key" = [])),
    params(("id" = crate::domain::OrgId, Path, description = "Enterprise id"),
           ("segment" = crate::domain::SegmentId, Path, description = "Chain link id")),
    responses((status = 204, description = "Removed"), ActionErrors))]
#[delete("/enterprises/{id}/segments/{segment}")]
pub async fn delete_enterprise_segment(
    state: Data<AppState>,
    caller: Caller,
    path: Path<(OrgId, SegmentId)>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let (id, segment) = path.into_inner();
    store::delete_membership(&state.db, who, &id, &segment).await?;
    Ok(HttpResponse::NoContent().finish())
}
