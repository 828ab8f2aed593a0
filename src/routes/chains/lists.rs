use actix_web::get;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::map::hebei;
use super::sheets::{self, Linker};
use crate::auth::Caller;
use crate::domain::{ChainId, LinkLevel, RegionCode};
use crate::error::Error;
use crate::queries::cache::ListsKey;
use crate::queries::chains;
use crate::queries::lists::{ChainLists, Which};
use crate::routes::answered;
use crate::routes::export::{self, SheetFormat, XlsxFile};
use crate::routes::extract::Params;
use crate::routes::problem::ApiError;
use crate::routes::responses::LookupErrors;
use crate::state::AppState;
use crate::validate::Checks;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListsQuery {
    /// Target region (default 130000, Hebei).
    #[param(example = "130000", value_type = Option<crate::domain::RegionCode>)]
    pub region: Option<RegionCode>,
    /// Entries per link in each list (default 20; the counts are always of all of them).
    #[param(minimum = 1, maximum = 1000)]
    pub top: Option<u16>,
    /// Only synthetic (true) or only real (false) firms and relationships: `false` hides demo
    /// and benchmark data.
    pub synthetic: Option<bool>,
    /// Count only relationships known to hold in this year (their year or `valid_from` at most
    /// it, `valid_to` if any at least it): the lists as they stood then.
    #[param(minimum = 1949, maximum = 2100)]
    pub as_of: Option<i64>,
    /// `sub_link` lists bottlenecks, leads and holders per sub-link (a link with sub-links keeps
    /// an entry for the firms placed in it alone); `link` (the default) per link.
    pub level: Option<LinkLevel>,
    /// `xlsx` for an Excel workbook, one sheet per list (and one of the chain leaders), instead
    /// of JSON; so does `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`.
    pub format: Option<SheetFormat>,
}

const MAX_TOP: u16 = 1000;

/// The three lists (三张清单) of a chain for a target region.
///
/// Bottlenecks (卡点): links where the region's firms depend on one supplier, or only on
/// suppliers outside the region, from the links that feed them. Investment leads (堵点招商):
/// links missing or weak in the region, each with candidate firms elsewhere in
/// Beijing–Tianjin–Hebei ranked by how many of the region's firms they already supply, then
/// verified status, then size. Key enterprises (重点企业): chain leaders, and the region's firms
/// in each link with their share of in-chain relationships.
#[utoipa::path(operation_id = "getChainLists", tag = "queries", security((), ("api_key" = [])),
    params(("id" = ChainId, Path, description = "Chain id"), ListsQuery),
    responses((status = 200, description = "The three lists, as JSON or as an Excel workbook", content(
        (ChainLists = "application/json"),
        (XlsxFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        LookupErrors))]
#[get("/chains/{id}/lists")]
pub async fn get_chain_lists(
    state: Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: Path<String>,
    params: Params<ListsQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_read()?;
    let chain = chains::parse(&id)?;
    let p = params.into_inner();
    let format = export::sheet_format(&req, p.format);
    let settings = &state.settings.queries;
    let top = match p.top {
        Some(n) if !(1..=MAX_TOP).contains(&n) => {
            let why = format!("must be between 1 and {MAX_TOP}");
            return Err(Error::invalid("top", "range", why).into());
        }
        Some(n) => usize::from(n),
        None => settings.lists_top,
    };
    Checks::as_of(p.as_of)?;
    let target = p.region.unwrap_or_else(hebei);
    let which = Which {
        synthetic: p.synthetic,
        as_of: p.as_of,
        level: p.level.unwrap_or_default(),
    };
    let key = ListsKey {
        chain,
        target: target.clone(),
        top,
        which,
    };
    let answer = state
        .answers
        .lists(&state.db, key, answered::wants_current(&req))
        .await?;
    if format == SheetFormat::Xlsx {
        let base = export::base_url(&req);
        let tables = sheets::lists(&answer.value, &Linker(&base));
        let name = format!("{}-lists-{target}.xlsx", chain.as_str());
        let workbook = export::workbook(&tables, &name)?;
        return Ok(answered::respond(&req, &answer, format, || workbook));
    }
    Ok(answered::json(&req, &answer))
}
