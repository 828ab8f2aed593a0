use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::HttpResponse;

use super::for_each_kind;
use crate::auth::Caller;
use crate::domain::{OrgId, OrgKind};
use crate::organisations::model::Organisation;
use crate::organisations::store;
use crate::routes::problem::{moved, ApiError};
use crate::routes::responses::RecordErrors;
use crate::routes::versions::tagged;
use crate::state::AppState;
use actix_web::get;

async fn get(
    state: Data<AppState>,
    caller: Caller,
    kind: OrgKind,
    id: Path<OrgId>,
) -> Result<HttpResponse, ApiError> {
    caller.require_read()?;
    let found = store::get(&state.db, kind, &id).await.map_err(moved)?;
    Ok(tagged(StatusCode::OK, &found))
}

for_each_kind! {
    get get,
    enterprise(get_enterprise, "/enterprises/{id}", "getEnterprise", "Get an enterprise.", "",
        "The record with its provenance, review status, chain links (an R&D source's capabilities) and version. Its `ETag` is what `If-Match` takes when the record is changed or withdrawn."),
    rd_source(get_rd_source, "/rd-sources/{id}", "getRdSource", "Get an R&D source.", "",
        "The record with its provenance, review status, chain links (an R&D source's capabilities) and version. Its `ETag` is what `If-Match` takes when the record is changed or withdrawn."),
    args(id: Path<OrgId>) -> Result<HttpResponse, ApiError>,
    openapi(security((), ("api_key" = [])),
        params(("id" = crate::domain::OrgId, Path, description = "Organisation id")),
        responses((status = 200, description = "The record", body = Organisation, headers(("ETag" = String, description = "The record's version, for `If-Match`"))), RecordErrors))
}
