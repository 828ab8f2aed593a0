use actix_web::get;
use actix_web::web::{Data, Json, Path};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::{Direction, OrgId, RelKind};
use crate::error::Error;
use crate::relationships::model::Relationship;
use crate::relationships::store::{self, RelationshipFilter};
use crate::routes::extract::{page_limit, Params};
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
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
    /// Only synthetic (true) or only real (false) relationships: `false` hides demo data.
    pub synthetic: Option<bool>,
    /// At most this many, 1 to 500 (default 200).
    #[param(minimum = 1, maximum = 500, value_type = Option<u32>)]
    pub limit: Option<usize>,
}

impl RelationshipQuery {
    fn into_filter(self) -> Result<RelationshipFilter, Error> {
        let limit = page_limit(self.limit, 200, 500)?;
        Ok(RelationshipFilter {
            direction: self.direction.unwrap_or(Direction::Both),
            kinds: self.kind.map_or_else(|| RelKind::ALL.to_vec(), |k| vec![k]),
            verified: self.verified,
            synthetic: self.synthetic,
            limit,
        })
    }
}

/// List an organisation's relationships by direction and kind.
///
/// Those it starts (`out`), those that reach it (`in`) or both, of the kinds asked, each with the names of both ends and its provenance.
#[utoipa::path(operation_id = "listOrganisationRelationships", tag = "relationships", security((), ("api_key" = [])),
    params(("id" = crate::domain::OrgId, Path, description = "Enterprise or R&D source id"),
        RelationshipQuery),
    responses((status = 200, description = "Its relationships, ordered by id", body = [Relationship]), LookupErrors))]
#[get("/organisations/{id}/relationships")]
pub async fn list_organisation_relationships(
    state: Data<AppState>,
    caller: Caller,
    id: Path<OrgId>,
    params: Params<RelationshipQuery>,
) -> Result<Json<Vec<Relationship>>, ApiError> {
    caller.require_read()?;
    let filter = params.into_inner().into_filter()?;
    Ok(Json(store::of_organisation(&state.db, &id, filter).await?))
}
