use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::RelKind;
use crate::error::{ApiError, Problem};
use crate::relationships::model::Relationship;
use crate::relationships::store::{self, Direction};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RelationshipQuery {
    /// `out` (from this organisation), `in` (to it) or `both` (default).
    pub direction: Option<Direction>,
    /// Only this kind (default: every kind).
    pub kind: Option<RelKind>,
    /// Only verified (true) or only unverified (false) relationships.
    pub verified: Option<bool>,
    /// At most this many, 1 to 500 (default 200).
    pub limit: Option<usize>,
}

/// List an organisation's relationships by direction and kind.
#[utoipa::path(operation_id = "listOrganisationRelationships", tag = "relationships", security((), ("api_key" = [])),
    params(("id" = String, Path, description = "Enterprise or R&D source id"), RelationshipQuery),
    responses(
        (status = 200, description = "Its relationships, ordered by id", body = [Relationship]),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/organisations/{id}/relationships")]
pub async fn list_organisation_relationships(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    params: web::Query<RelationshipQuery>,
) -> Result<web::Json<Vec<Relationship>>, ApiError> {
    caller.require_read(&state)?;
    let p = params.into_inner();
    let limit = p.limit.unwrap_or(200);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::invalid("limit", "range", "must be 1 to 500"));
    }
    let kinds = p
        .kind
        .map(|k| vec![k])
        .unwrap_or_else(|| RelKind::ALL.to_vec());
    let direction = p.direction.unwrap_or(Direction::Both);
    let found =
        store::of_organisation(&state.db, &id, direction, &kinds, p.verified, limit).await?;
    Ok(web::Json(found))
}
