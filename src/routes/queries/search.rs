use actix_web::get;
use actix_web::web::{Data, Json};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::cursor::{decode_offset, MAX_OFFSET};
use crate::domain::OrgKind;
use crate::error::Error;
use crate::queries::search::{self, SearchPage, SearchRequest};
use crate::routes::extract::Params;
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;
use crate::validate::Checks;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words or part of a name, Chinese or English (1 to 100 characters).
    #[param(example = "氢能", min_length = 1, max_length = 100, pattern = "\\S")]
    pub q: String,
    /// Only enterprises or only R&D sources.
    pub kind: Option<OrgKind>,
    /// Only verified (true) or only unverified (false) records.
    pub verified: Option<bool>,
    /// Only synthetic (true) or only real (false) records: `false` hides demo and benchmark data.
    pub synthetic: Option<bool>,
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100, value_type = Option<u32>)]
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page (results can be paged 10,000 deep).
    #[param(min_length = 2, max_length = 128, pattern = "^[0-9a-f]{2,128}$")]
    pub cursor: Option<String>,
}

impl SearchQuery {
    fn into_request(self) -> Result<SearchRequest, Error> {
        let mut c = Checks::default();
        let text = self.q.trim().to_owned();
        if text.is_empty() {
            c.fail("q", "required", "must not be blank");
        }
        c.length("q", Some(&text), 100);
        let limit = self.limit.unwrap_or(20);
        if !(1..=100).contains(&limit) {
            c.fail("limit", "range", "must be 1 to 100");
        }
        let offset = self
            .cursor
            .as_deref()
            .map(|cursor| c.parsed("cursor", decode_offset(cursor)));
        c.finish()?;
        Ok(SearchRequest {
            text,
            kind: self.kind,
            verified: self.verified,
            synthetic: self.synthetic,
            offset: offset.flatten().unwrap_or(0).min(MAX_OFFSET),
            limit,
        })
    }
}

/// Search enterprises and R&D sources by name.
///
/// Organisations whose names or descriptions contain every word (each as written: a part of a
/// Chinese name such as 科技大学 finds 北京科技大学), best match first; with the first page, the
/// chains and links whose names contain the words (`topics`). The last word, if Latin, may be
/// the start of a word, for type-ahead.
#[utoipa::path(operation_id = "search", tag = "queries", security((), ("api_key" = [])),
    params(SearchQuery),
    responses((status = 200, description = "One page of matches", body = SearchPage), LookupErrors))]
#[get("/search")]
pub async fn search_organisations(
    state: Data<AppState>,
    caller: Caller,
    params: Params<SearchQuery>,
) -> Result<Json<SearchPage>, ApiError> {
    caller.require_read()?;
    let request = params.into_inner().into_request()?;
    Ok(Json(search::search(&state.db, request).await?))
}
