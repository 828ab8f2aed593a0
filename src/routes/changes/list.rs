use actix_web::get;
use actix_web::web::{Data, Json};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::changelog::feed::{self, FeedPage, MAX_PAGE};
use crate::domain::{ChainId, RecordKind, RegionCode};
use crate::error::Error;
use crate::routes::extract::{comma_separated, feed_cursor, page_limit, Params};
use crate::routes::problem::ApiError;
use crate::routes::responses::FeedErrors;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// Continue after this change (a `cursor`, `next` or `head` the feed gave); from the
    /// feed's start when absent.
    #[param(
        example = "3fa9c1d2-1234",
        pattern = "^[0-9a-f]{8}-[0-9]{1,18}$",
        max_length = 27
    )]
    pub after: Option<String>,
    /// Comma-separated record kinds to keep (default: all).
    #[param(
        example = "enterprise,relationship",
        max_length = 100,
        pattern = "^(enterprise|rd_source|relationship)(,(enterprise|rd_source|relationship))*$"
    )]
    pub kinds: Option<String>,
    /// Only changes about this chain: to an organisation operating in one of its links, or a
    /// relationship with an end that does (as written, or before, for one that left it).
    pub chain: Option<ChainId>,
    /// Only changes about this region or below (GB/T 2260; 130000 = all of Hebei): to an
    /// organisation located there, or a relationship with an end there.
    #[param(example = "130200", value_type = Option<crate::domain::RegionCode>)]
    pub region: Option<RegionCode>,
    /// How many changes, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000, value_type = Option<u32>)]
    pub limit: Option<usize>,
}

fn parse_kinds(text: Option<&str>) -> Result<Vec<RecordKind>, Error> {
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    if text.len() > 100 {
        return Err(Error::invalid("kinds", "length", "at most 100 characters"));
    }
    comma_separated("kinds", "record kind", text, RecordKind::parse)
}

/// The change feed.
///
/// Every change recorded since the feed began — creates, updates, verifications, rejections,
/// disputes, merges and deletes of enterprises, R&D sources and relationships, by the API or an
/// import — once each, in commit order, the same entries as each record's history; `kinds`,
/// `chain` and `region` keep some. Follow it with `after` = the last page's `next`. A mirror reads `head` first, copies the lists, then
/// follows the feed from `head`. Changes are kept as long as the records' histories (for
/// good); a cursor of another database (reset, replaced, or restored from an older backup)
/// answers 410 with the cursor to start again from.
#[utoipa::path(operation_id = "listChanges", tag = "changes", security((), ("api_key" = [])),
    params(ChangesQuery),
    responses((status = 200, description = "The changes after the cursor, in commit order", body = FeedPage), FeedErrors))]
#[get("/changes")]
pub async fn list_changes(
    state: Data<AppState>,
    caller: Caller,
    params: Params<ChangesQuery>,
) -> Result<Json<FeedPage>, ApiError> {
    caller.require_read()?;
    let p = params.into_inner();
    let limit = page_limit(p.limit, 100, MAX_PAGE)?;
    let after = p
        .after
        .as_deref()
        .map(|a| feed_cursor("after", a))
        .transpose()?;
    let filter = feed::Filter {
        kinds: parse_kinds(p.kinds.as_deref())?,
        chain: p.chain,
        region: p.region,
        owner: None,
    };
    Ok(Json(
        feed::read(&state.db, after.as_ref(), &filter, limit).await?,
    ))
}
