use actix_web::get;
use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::sheets;
use crate::auth::Caller;
use crate::domain::{ChainId, LinkLevel, Provenance, RegionCode};
use crate::queries::cache::MapKey;
use crate::queries::chain_map::{ChainMap, MapView};
use crate::queries::chains;
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
pub struct MapQuery {
    /// Region whose strength is graded (default 130000, Hebei); any region code works.
    #[param(example = "130000", value_type = Option<crate::domain::RegionCode>)]
    pub region: Option<RegionCode>,
    /// `city` adds counts per city.
    pub by: Option<MapBreakdown>,
    /// Count only verified (true) or only unverified (false) enterprises.
    pub verified: Option<bool>,
    /// Count only synthetic (true) or only real (false) enterprises: `false` hides demo and
    /// benchmark data.
    pub synthetic: Option<bool>,
    /// The map as it stood in this year (default: this year): memberships not begun after it
    /// nor ended before it; those recorded without years count in every year.
    #[param(minimum = 1949, maximum = 2100)]
    pub as_of: Option<i64>,
    /// `sub_link` divides the links that have sub-links into them (a link keeps a row for the
    /// firms placed in it alone); `link` (the default) counts a sub-link's firms in its link.
    pub level: Option<LinkLevel>,
    /// `xlsx` for an Excel workbook (with the counts by city) instead of JSON; so does
    /// `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`.
    pub format: Option<SheetFormat>,
}

#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MapBreakdown {
    City,
}

/// The default target region: Hebei, where most links are to be filled.
pub fn hebei() -> RegionCode {
    RegionCode::parse("130000").expect("a valid code")
}

/// The chain map (产业链图谱).
///
/// For every link, upstream first: enterprises by province (and by city), the chain leaders, and
/// the target region's strength: missing, weak, present or strong (thresholds in configuration).
#[utoipa::path(operation_id = "getChainMap", tag = "queries", security((), ("api_key" = [])),
    params(("id" = ChainId, Path, description = "Chain id"), MapQuery),
    responses((status = 200, description = "The map, as JSON or as an Excel workbook", content(
        (ChainMap = "application/json"),
        (XlsxFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        LookupErrors))]
#[get("/chains/{id}/map")]
pub async fn get_chain_map(
    state: Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: Path<String>,
    params: Params<MapQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_read()?;
    let chain = chains::parse(&id)?;
    let p = params.into_inner();
    let format = export::sheet_format(&req, p.format);
    let target = p.region.unwrap_or_else(hebei);
    // A workbook always has the cities: that is what staff open it for.
    let by_city = p.by.is_some() || format == SheetFormat::Xlsx;
    let which = Provenance {
        verified: p.verified,
        synthetic: p.synthetic,
    };
    Checks::as_of(p.as_of)?;
    let view = MapView {
        by_city,
        which,
        as_of: p.as_of,
        level: p.level.unwrap_or_default(),
    };
    let key = MapKey {
        chain,
        target: target.clone(),
        view,
    };
    let map = state
        .answers
        .map(&state.db, key, answered::wants_current(&req))
        .await?;
    if format == SheetFormat::Xlsx {
        let tables = sheets::map(&map.value);
        let name = format!("{}-map-{target}.xlsx", chain.as_str());
        let workbook = export::workbook(&tables, &name)?;
        return Ok(answered::respond(&req, &map, format, || workbook));
    }
    Ok(answered::json(&req, &map))
}
