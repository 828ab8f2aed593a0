use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::HttpResponse;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::for_each_kind;
use crate::auth::Caller;
use crate::domain::{OrgId, OrgKind};
use crate::organisations::model::Organisation;
use crate::organisations::store;
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::ChangeErrors;
use crate::routes::versions::{tagged, IfMatch};
use crate::state::AppState;
use actix_web::post;

/// The record a duplicate is merged into.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"into": "bwi"}))]
pub struct MergeInto {
    /// The surviving record (of the same kind).
    pub into: OrgId,
}

async fn merge(
    state: Data<AppState>,
    caller: Caller,
    kind: OrgKind,
    id: Path<OrgId>,
    if_match: IfMatch,
    Body(body): Body<MergeInto>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_admin()?;
    let expected = if_match.version()?;
    let survivor = store::merge(&state.db, who, kind, &id, &body.into, expected).await?;
    Ok(tagged(StatusCode::OK, &survivor))
}

for_each_kind! {
    post merge,
    enterprise(merge_enterprise, "/enterprises/{id}/merge", "mergeEnterprise",
        "Merge a duplicate enterprise into the record that survives (admin).", "",
        "The duplicate's relationships, chain links, capabilities, clusters, open disputes and history move to the survivor: a relationship that repeats one of the survivor's (same kind, direction, other end and product, technology or topic) becomes one, keeping the other's source in `also_sources`; one between the two is removed. The survivor takes the USCC, names, description and size it lacks. Both histories record the merge. The duplicate's id keeps answering: `GET` gives 301 with `Location` (and `merged_into`) to the survivor. Answers the survivor as it is after."),
    rd_source(merge_rd_source, "/rd-sources/{id}/merge", "mergeRdSource",
        "Merge a duplicate R&D source into the record that survives (admin).", "",
        "The duplicate's relationships, capabilities, clusters, open disputes and history move to the survivor: a relationship that repeats one of the survivor's becomes one, keeping the other's source in `also_sources`; one between the two is removed. The survivor takes the names and description it lacks. Both histories record the merge. The duplicate's id keeps answering: `GET` gives 301 with `Location` (and `merged_into`) to the survivor. Answers the survivor as it is after."),
    args(id: Path<OrgId>, if_match: IfMatch, body: Body<MergeInto>) -> Result<HttpResponse, ApiError>,
    openapi(security(("api_key" = [])),
        params(("id" = crate::domain::OrgId, Path, description = "The duplicate's id"),
            ("If-Match" = Option<String>, Header, description = "The duplicate's `ETag`; 412 if it has changed since")),
        request_body = MergeInto,
        responses((status = 200, description = "Merged: the survivor", body = Organisation, headers(("ETag" = String, description = "The survivor's version, for `If-Match`"))), ChangeErrors))
}
