use actix_web::{delete, put, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::domain::SegmentRole;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::organisations::model::Organisation;
use crate::organisations::store;
use crate::state::AppState;
use crate::validate::{Checks, NAME_MAX};

/// The part an enterprise plays in a chain link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"role": "core", "products": ["RV reducers", "harmonic drives"]}))]
pub struct MembershipInput {
    pub role: SegmentRole,
    #[serde(default)]
    pub products: Vec<String>,
}

/// Declare that an enterprise operates in a chain link (admin, or the owning member).
#[utoipa::path(operation_id = "putEnterpriseSegment", tag = "enterprises", security(("api_key" = [])),
    params(("id" = String, Path, description = "Enterprise id"),
           ("segment" = String, Path, description = "Chain link id", example = "robotics.reducers")),
    request_body = MembershipInput,
    responses(
        (status = 200, description = "The enterprise with its links", body = Organisation),
        (status = 400, description = "Malformed JSON or not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Reader key, or owned by another organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enterprise", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown link or invalid field", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/enterprises/{id}/segments/{segment}")]
pub async fn put_enterprise_segment(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: Body<MembershipInput>,
) -> Result<web::Json<Organisation>, ApiError> {
    let who = caller.require_write()?;
    let (id, segment) = path.into_inner();
    let MembershipInput { role, products } = body.0;
    let mut c = Checks::default();
    if products.len() > 50 {
        c.fail("products", "length", "at most 50 products");
    }
    for (i, p) in products.iter().enumerate() {
        c.text(&format!("products[{i}]"), p, 1, NAME_MAX);
    }
    c.finish()?;
    Ok(web::Json(
        store::put_membership(&state.db, who, &id, &segment, role, products).await?,
    ))
}

/// Withdraw an enterprise from a chain link (admin, or the owning member).
#[utoipa::path(operation_id = "deleteEnterpriseSegment", tag = "enterprises", security(("api_key" = [])),
    params(("id" = String, Path, description = "Enterprise id"),
           ("segment" = String, Path, description = "Chain link id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Reader key, or owned by another organisation", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enterprise or membership", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/enterprises/{id}/segments/{segment}")]
pub async fn delete_enterprise_segment(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let (id, segment) = path.into_inner();
    store::delete_membership(&state.db, who, &id, &segment).await?;
    Ok(HttpResponse::NoContent().finish())
}
