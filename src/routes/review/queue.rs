use actix_web::get;
use actix_web::web::{Data, Json};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::RecordKind;
use crate::error::Error;
use crate::review::{self, QueueFilter, ReviewItem};
use crate::routes::extract::{page_limit, Params};
use crate::routes::problem::ApiError;
use crate::routes::responses::ActionErrors;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Only what this member organisation recorded.
    #[param(example = "tj-robot-alliance", max_length = 64)]
    pub owner: Option<String>,
    /// Only records of this kind.
    pub kind: Option<RecordKind>,
    /// At most this many, 1 to 500 (default 100).
    #[param(minimum = 1, maximum = 500, value_type = Option<u32>)]
    pub limit: Option<usize>,
}

/// The review queue (admin).
///
/// Real records (synthetic ones are never verified) that no curator has verified or rejected
/// yet — new, or changed by a member since they were verified — the longest waiting first, each
/// with its source and the fields changed since it was last verified.
#[utoipa::path(operation_id = "listReviewQueue", tag = "review", security(("api_key" = [])),
    params(QueueQuery),
    responses((status = 200, description = "The queue, oldest first", body = [ReviewItem]), ActionErrors))]
#[get("/review")]
pub async fn list_review_queue(
    state: Data<AppState>,
    caller: Caller,
    params: Params<QueueQuery>,
) -> Result<Json<Vec<ReviewItem>>, ApiError> {
    caller.require_admin()?;
    let p = params.into_inner();
    let limit = page_limit(p.limit, 100, 500)?;
    if p.owner.as_ref().is_some_and(|o| o.chars().count() > 64) {
        return Err(Error::invalid("owner", "length", "at most 64 characters").into());
    }
    let filter = QueueFilter {
        owner: p.owner,
        kind: p.kind,
        limit,
    };
    Ok(Json(review::queue(&state.db, filter).await?))
}
