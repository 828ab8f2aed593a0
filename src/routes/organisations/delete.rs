use actix_web::web::{Data, Path};
use actix_web::HttpResponse;

use super::for_each_kind;
use crate::auth::Caller;
use crate::domain::{OrgId, OrgKind};
use crate::organisations::store;
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::routes::versions::IfMatch;
use crate::state::AppState;
use actix_web::delete;

async fn delete(
    state: Data<AppState>,
    caller: Caller,
    kind: OrgKind,
    id: Path<OrgId>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    store::delete(&state.db, who, kind, &id, if_match.version()?).await?;
    Ok(HttpResponse::NoContent().finish())
}

for_each_kind! {
    delete delete,
    enterprise(delete_enterprise, "/enterprises/{id}", "deleteEnterprise",
        "Delete an enterprise and its relationships (admin, or the member that owns it).", "", "Its history stays readable."),
    rd_source(delete_rd_source, "/rd-sources/{id}", "deleteRdSource",
        "Delete an R&D source and its relationships (admin, or the member that owns it).", "", "Its history stays readable."),
    args(id: Path<OrgId>, if_match: IfMatch) -> Result<HttpResponse, ApiError>,
    openapi(security(("api_key" = [])),
        params(("id" = crate::domain::OrgId, Path, description = "Organisation id"),
            ("If-Match" = Option<String>, Header, description = "The `ETag` of the version the change is based on; 412 if the record has changed since")),
        responses((status = 204, description = "Deleted"), ActionErrors))
}
