use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::for_each_kind;
use super::sheet;
use crate::auth::Caller;
use crate::domain::cursor::decode_after;
use crate::domain::{ChainId, OrgKind, RegionCode, SegmentId, Tag};
use crate::error::Error;
use crate::organisations::model::{Organisation, OrganisationPage};
use crate::organisations::store::{self, ListFilter};
use crate::routes::export::{self, CsvFile, ListFormat, XlsxFile};
use crate::routes::extract::Params;
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;
use crate::validate::Checks;
use actix_web::get;

pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 200;
/// Rows a downloaded list holds at most; past it the file says so (`Export-Truncated`).
pub const EXPORT_MAX: usize = 20_000;

/// Query parameters of the organisation lists.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// GB/T 2260 code; matches the region and everything under it (130000 = all of Hebei).
    #[param(example = "130200", value_type = Option<crate::domain::RegionCode>)]
    pub region: Option<RegionCode>,
    /// Operates in some link of this chain.
    pub chain: Option<ChainId>,
    /// Operates in this chain link.
    #[param(example = "robotics.reducers", value_type = Option<crate::domain::SegmentId>)]
    pub link: Option<SegmentId>,
    /// Member of this cluster.
    #[param(example = "life-health", max_length = 64)]
    pub cluster: Option<String>,
    pub tag: Option<Tag>,
    /// Only verified (true) or only unverified (false) records.
    pub verified: Option<bool>,
    /// Only synthetic (true) or only real (false) records: `false` hides demo and benchmark data.
    pub synthetic: Option<bool>,
    /// Part of the Chinese or English name (case-insensitive, at most 100 characters).
    #[param(example = "机器人", max_length = 100)]
    pub q: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200, value_type = Option<u32>)]
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 2, max_length = 128, pattern = "^[0-9a-f]{2,128}$")]
    pub cursor: Option<String>,
    /// `xlsx` or `csv` for the whole filtered list as a file (from `cursor` on, at most 20,000
    /// rows; `limit` is ignored) instead of a JSON page; so does an `Accept` of either type.
    pub format: Option<ListFormat>,
}

impl ListQuery {
    pub fn into_filter(self) -> Result<ListFilter, Error> {
        let mut c = Checks::default();
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            c.fail("limit", "range", format!("must be 1 to {MAX_LIMIT}"));
        }
        c.length("q", self.q.as_deref(), 100);
        c.length("cluster", self.cluster.as_deref(), 64);
        let after = self
            .cursor
            .as_deref()
            .map(|cursor| c.parsed("cursor", decode_after(cursor)));
        c.finish()?;
        Ok(ListFilter {
            region: self.region,
            chain: self.chain,
            link: self.link,
            cluster: self.cluster,
            tag: self.tag,
            verified: self.verified,
            synthetic: self.synthetic,
            text: self.q.filter(|q| !q.trim().is_empty()),
            after: after.flatten().map(|id| id.to_string()),
            limit,
        })
    }
}

async fn list(
    state: Data<AppState>,
    caller: Caller,
    kind: OrgKind,
    req: HttpRequest,
    params: Params<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_read()?;
    let query = params.into_inner();
    let format = export::list_format(&req, query.format);
    let filter = query.into_filter()?;
    if format == ListFormat::Json {
        return Ok(HttpResponse::Ok().json(store::list(&state.db, kind, filter).await?));
    }
    let (items, truncated) = everything(&state, kind, filter).await?;
    let (name, file) = match kind {
        OrgKind::Enterprise => ("企业", "enterprises"),
        OrgKind::RdSource => ("研发机构", "rd-sources"),
    };
    let table = sheet::table(name, &items, &export::base_url(&req));
    let mut response = match format {
        ListFormat::Csv => export::file(export::csv(&table), export::CSV, &format!("{file}.csv")),
        _ => export::workbook(&[table], &format!("{file}.xlsx"))?,
    };
    if truncated {
        response.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("export-truncated"),
            actix_web::http::header::HeaderValue::from_static("true"),
        );
    }
    Ok(response)
}

/// Every page of a filtered list, up to [`EXPORT_MAX`] rows, and whether more were left out.
async fn everything(
    state: &AppState,
    kind: OrgKind,
    mut filter: ListFilter,
) -> Result<(Vec<Organisation>, bool), ApiError> {
    filter.limit = MAX_LIMIT;
    let mut items: Vec<Organisation> = Vec::new();
    loop {
        let page = store::list(&state.db, kind, filter.clone()).await?;
        let more = page.next_cursor.is_some();
        items.extend(page.items);
        if items.len() >= EXPORT_MAX {
            let truncated = more || items.len() > EXPORT_MAX;
            items.truncate(EXPORT_MAX);
            return Ok((items, truncated));
        }
        if !more {
            return Ok((items, false));
        }
        filter.after = items.last().map(|o| o.id.clone());
    }
}

for_each_kind! {
    get list,
    enterprise(list_enterprises, "/enterprises", "listEnterprises",
        "List enterprises, filtered, a page at a time.", "", "Ordered by id; pass `next_cursor` as `cursor` for the next page."),
    rd_source(list_rd_sources, "/rd-sources", "listRdSources",
        "List R&D sources, filtered, a page at a time.", "", "Ordered by id; pass `next_cursor` as `cursor` for the next page."),
    args(req: HttpRequest, params: Params<ListQuery>) -> Result<HttpResponse, ApiError>,
    openapi(security((), ("api_key" = [])), params(ListQuery),
        responses((status = 200, description = "One page as JSON, or the whole list as a file", content(
            (OrganisationPage = "application/json"),
            (XlsxFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (CsvFile = "text/csv"))), LookupErrors))
}
