use actix_web::web::{Data, Json, Path};

use super::for_each_kind;
use crate::auth::Caller;
use crate::changelog::{self, Change};
use crate::domain::{OrgId, OrgKind};
use crate::error::Error;
use crate::organisations::store;
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;
use actix_web::get;

async fn history(
    state: Data<AppState>,
    caller: Caller,
    kind: OrgKind,
    id: Path<OrgId>,
) -> Result<Json<Vec<Change>>, ApiError> {
    caller.require_read()?;
    match changelog::of_record(&state.db, kind.into(), id.as_str()).await {
        // Seeded records were loaded, not recorded: they exist with no history yet.
        Err(Error::NotFound { .. }) => {
            store::get(&state.db, kind, &id).await?;
            Ok(Json(Vec::new()))
        }
        found => Ok(Json(found?)),
    }
}

for_each_kind! {
    get history,
    enterprise(enterprise_history, "/enterprises/{id}/history", "getEnterpriseHistory",
        "The change history of an enterprise, oldest first (also after it was deleted; empty for seeded data).", "",
        "Every change, oldest first: the action, when, the key and member organisation that made it, and for an update each field's `from` and `to` (the feed a mirror or an auditor reads)."),
    rd_source(rd_source_history, "/rd-sources/{id}/history", "getRdSourceHistory",
        "The change history of an R&D source, oldest first (also after it was deleted; empty for seeded data).", "",
        "Every change, oldest first: the action, when, the key and member organisation that made it, and for an update each field's `from` and `to` (the feed a mirror or an auditor reads)."),
    args(id: Path<OrgId>) -> Result<Json<Vec<Change>>, ApiError>,
    openapi(security((), ("api_key" = [])),
        params(("id" = crate::domain::OrgId, Path, description = "Organisation id")),
        responses((status = 200, description = "Every recorded change", body = [Change]), LookupErrors))
}
