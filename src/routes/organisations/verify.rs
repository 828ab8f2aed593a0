use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::HttpResponse;

use super::for_each_kind;
use crate::auth::Caller;
use crate::domain::{OrgId, OrgKind};
use crate::organisations::model::Organisation;
use crate::organisations::store;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::routes::versions::tagged;
use crate::state::AppState;
use actix_web::post;

async fn verify(
    state: Data<AppState>,
    caller: Caller,
    kind: OrgKind,
    id: Path<OrgId>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_admin()?;
    let verified = store::verify(&state.db, who, kind, &id).await?;
    Ok(tagged(StatusCode::OK, &verified))
}

for_each_kind! {
    post verify,
    enterprise(verify_enterprise, "/enterprises/{id}/verify", "verifyEnterprise",
        "Mark an enterprise as verified (admin).", "",
        "A curator confirms the record against its source; the decision is kept in its history and the record leaves the review queue."),
    rd_source(verify_rd_source, "/rd-sources/{id}/verify", "verifyRdSource",
        "Mark an R&D source as verified (admin).", "",
        "A curator confirms the record against its source; the decision is kept in its history and the record leaves the review queue."),
    args(id: Path<OrgId>) -> Result<HttpResponse, ApiError>,
    openapi(security(("api_key" = [])),
        params(("id" = crate::domain::OrgId, Path, description = "Organisation id")),
        responses((status = 200, description = "The verified record", body = Organisation, headers(("ETag" = String, description = "The record's version, for `If-Match`"))), ActionErrors))
}
