use actix_web::get;
use actix_web::web::{Data, Json};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::cursor::decode_after_record;
use crate::domain::RelKind;
use crate::error::Error;
use crate::relationships::model::RelationshipPage;
use crate::relationships::store::{self, ListFilter};
use crate::routes::extract::Params;
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;
use crate::validate::Checks;

const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 500;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AllRelationshipsQuery {
    /// Only this kind (default: every kind).
    pub kind: Option<RelKind>,
    /// Only verified (true) or only unverified (false) relationships.
    pub verified: Option<bool>,
    /// Only synthetic (true) or only real (false) relationships: `false` leaves the demo data out.
    pub synthetic: Option<bool>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 2, max_length = 128, pattern = "^[0-9a-f]{2,128}$")]
    pub cursor: Option<String>,
    /// Page size, 1 to 500 (default 100).
    #[param(minimum = 1, maximum = 500, value_type = Option<u32>)]
    pub limit: Option<usize>,
}

impl AllRelationshipsQuery {
    fn into_filter(self) -> Result<ListFilter, Error> {
        let mut c = Checks::default();
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            c.fail("limit", "range", format!("must be 1 to {MAX_LIMIT}"));
        }
        let after = self
            .cursor
            .as_deref()
            .and_then(|cursor| c.parsed("cursor", decode_after_record(cursor)));
        c.finish()?;
        Ok(ListFilter {
            kinds: self.kind.map_or_else(|| RelKind::ALL.to_vec(), |k| vec![k]),
            verified: self.verified,
            synthetic: self.synthetic,
            after,
            limit,
        })
    }
}

/// List relationships, filtered, a page at a time.
///
/// Every relationship of the graph (or of one kind), real or synthetic, verified or not, in id
/// order; pass `next_cursor` as `cursor` for the next page. `synthetic=false` lists the real
/// ones, each with the report it rests on.
#[utoipa::path(operation_id = "listRelationships", tag = "relationships", security((), ("api_key" = [])),
    params(AllRelationshipsQuery),
    responses((status = 200, description = "A page of relationships, ordered by id", body = RelationshipPage), LookupErrors))]
#[get("/relationships")]
pub async fn list_relationships(
    state: Data<AppState>,
    caller: Caller,
    params: Params<AllRelationshipsQuery>,
) -> Result<Json<RelationshipPage>, ApiError> {
    caller.require_read()?;
    let filter = params.into_inner().into_filter()?;
    Ok(Json(store::list(&state.db, filter).await?))
}
