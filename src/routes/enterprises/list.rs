use actix_web::{get, web};

use crate::auth::Caller;
use crate::domain::OrgKind;
use crate::error::{ApiError, Problem};
use crate::organisations::model::OrganisationPage;
use crate::organisations::store;
use crate::routes::list_query::ListQuery;
use crate::state::AppState;

/// List enterprises, filtered, a page at a time.
///
/// Ordered by id; pass `next_cursor` as `cursor` for the next page.
#[utoipa::path(operation_id = "listEnterprises", tag = "enterprises", security((), ("api_key" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "One page", body = OrganisationPage),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filter, limit or cursor", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/enterprises")]
pub async fn list_enterprises(
    state: web::Data<AppState>,
    caller: Caller,
    params: web::Query<ListQuery>,
) -> Result<web::Json<OrganisationPage>, ApiError> {
    caller.require_read(&state)?;
    let filter = params.into_inner().into_filter()?;
    Ok(web::Json(
        store::list(&state.db, OrgKind::Enterprise, filter).await?,
    ))
}
