use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::domain::OrgKind;
use crate::error::{ApiError, Problem};
use crate::organisations::store::kind_str;
use crate::queries::search::{self, SearchPage};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words or part of a name, Chinese or English (1 to 100 characters).
    #[param(example = "氢能")]
    pub q: String,
    /// Only enterprises or only R&D sources.
    pub kind: Option<OrgKind>,
    /// Only verified (true) or only unverified (false) records.
    pub verified: Option<bool>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Search enterprises and R&D sources by name.
///
/// Full-text over Chinese and English names and descriptions, best match first. Han text is
/// indexed in bigrams, so a partial Chinese name (百川机器人) or a field (氢能) finds firms.
#[utoipa::path(operation_id = "search", tag = "queries", security((), ("api_key" = [])),
    params(SearchQuery),
    responses(
        (status = 200, description = "One page of matches", body = SearchPage),
        (status = 401, description = "Key required or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/search")]
pub async fn search_organisations(
    state: web::Data<AppState>,
    caller: Caller,
    params: web::Query<SearchQuery>,
) -> Result<web::Json<SearchPage>, ApiError> {
    caller.require_read(&state)?;
    let p = params.into_inner();
    let n = p.q.trim().chars().count();
    if !(1..=100).contains(&n) {
        return Err(ApiError::invalid(
            "q",
            "length",
            "must be 1 to 100 characters",
        ));
    }
    let limit = p.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::invalid("limit", "range", "must be 1 to 100"));
    }
    let offset = match p.cursor {
        None => 0,
        Some(c) => hex::decode(&c)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| ApiError::invalid("cursor", "format", "not a cursor this API issued"))?,
    };
    let kind = p.kind.map(kind_str);
    Ok(web::Json(
        search::search(&state.db, p.q.trim(), kind, p.verified, offset, limit).await?,
    ))
}
