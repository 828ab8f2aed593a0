use actix_web::post;
use actix_web::web::{Data, Json};

use crate::auth::Caller;
use crate::reconcile::{self, ReconcileRequest, Reconciliation};
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::QuestionErrors;
use crate::state::AppState;

/// Reconcile the rows of a list with the records.
///
/// Up to 1,000 rows of a name (full or short, with or without the legal form, traditional or
/// simplified, pinyin or English) and, when the list has them, a region, a USCC and a kind. For
/// each row, the records it may be, best first, each with a score 0–100 and the fields that
/// agreed; `match` when the best is confident (`threshold` or above and `margin` ahead of the
/// next). A USCC held by a record decides. The rule: docs/RECONCILE.md. Nothing is written.
#[utoipa::path(operation_id = "reconcile", tag = "queries", security((), ("api_key" = [])),
    request_body = ReconcileRequest,
    responses((status = 200, description = "For each row, its candidates", body = Reconciliation),
        QuestionErrors))]
#[post("/reconcile")]
pub async fn reconcile_rows(
    state: Data<AppState>,
    caller: Caller,
    Body(body): Body<ReconcileRequest>,
) -> Result<Json<Reconciliation>, ApiError> {
    caller.require_read()?;
    Ok(Json(reconcile::reconcile(&state.db, &body.rows).await?))
}
