use std::collections::HashMap;
use std::sync::Arc;

use actix_web::web::{Data, Payload};
use actix_web::{post, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::error::FieldError;
use crate::imports::jobs::{self, ImportJob};
use crate::imports::{
    self, csv_rows, decode_upload, sheet, ImportKind, ImportOptions, ImportReport, OnError,
    RowStatus, Source,
};
use crate::routes::extract::Params;
use crate::routes::problem::ApiError;
use crate::routes::responses::CreateErrors;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// What the file holds.
    pub kind: ImportKind,
    /// Validate and report without writing.
    #[serde(default)]
    pub dry_run: bool,
    /// `abort` (default): any invalid row means nothing is written; `skip`: write the valid rows.
    #[serde(default)]
    pub on_error: OnError,
    /// For a workbook: the sheet to read (the first when absent).
    #[param(max_length = 31)]
    pub sheet: Option<String>,
    /// Choices for organisation rows, as the preview offers them: `LINE:ID` (the row is that
    /// record) or `LINE:new`, comma-separated; written into the file's `match` column.
    #[param(
        max_length = 4000,
        pattern = r"^([2-9]|[1-9][0-9]{1,6}):[A-Za-z0-9_-]{1,64}(,([2-9]|[1-9][0-9]{1,6}):[A-Za-z0-9_-]{1,64})*$"
    )]
    pub choose: Option<String>,
}

/// The `choose` parameter as line → choice.
fn choices(params: &ImportQuery) -> Result<Option<HashMap<usize, String>>, ApiError> {
    let Some(text) = params.choose.as_deref() else {
        return Ok(None);
    };
    let refuse = |rule: &str, why: &str| {
        ApiError::from(crate::error::Error::invalid("choose", rule, why.to_owned()))
    };
    if text.len() > CHOOSE_MAX {
        return Err(refuse(
            "length",
            "at most 4,000 characters (some 200 choices): for more, fill the file's match column",
        ));
    }
    let mut out = HashMap::new();
    for pair in text.split(',') {
        let Some((line, choice)) = pair.split_once(':').filter(|(l, c)| choice_ok(l, c)) else {
            return Err(refuse(
                "format",
                "LINE:ID or LINE:new, comma-separated (lines from 2; ids of letters, digits, - and _)",
            ));
        };
        out.insert(line.parse().unwrap_or_default(), choice.to_owned());
    }
    if !matches!(params.kind, ImportKind::Enterprises | ImportKind::RdSources) {
        return Err(refuse("kind", "only organisation lists take choices"));
    }
    Ok(Some(out))
}

/// The longest `choose` read (the contract's bound): the address stays within what the HTTP
/// server takes (an URI of 64 KiB), even for a longer value percent-encoded at 12 bytes a
/// character, so a too-long one is answered 422 here, not refused bare by the server.
const CHOOSE_MAX: usize = 4_000;

/// `LINE:CHOICE` as the contract's pattern has it: a line from 2 (no leading zero, at most seven
/// digits) and 1 to 64 letters, digits, `-` or `_`.
fn choice_ok(line: &str, choice: &str) -> bool {
    let line_ok = (1..=7).contains(&line.len())
        && line.bytes().all(|b| b.is_ascii_digit())
        && !line.starts_with('0')
        && line != "1";
    let choice_ok = (1..=64).contains(&choice.len())
        && choice
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    line_ok && choice_ok
}

/// An Excel workbook (`.xlsx`; `.xls` and `.ods` are read too).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct Workbook(#[allow(dead_code)] Vec<u8>);

async fn read_limited(mut payload: Payload, limit: usize) -> Result<Vec<u8>, ApiError> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadRequest {
            detail: e.to_string(),
            errors: vec![],
        })?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge(format!(
                "import files are limited to {limit} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The refusal a client gets when invalid rows stopped the import: 422, every rejected row's
/// errors under `rows[line].field`, and the whole report.
fn rejection(report: ImportReport) -> ApiError {
    let errors: Vec<FieldError> = report
        .rows
        .iter()
        .filter(|r| r.status == RowStatus::Rejected)
        .flat_map(|r| {
            r.errors.iter().map(move |e| {
                FieldError::new(
                    &format!("rows[{}].{}", r.line, e.field),
                    &e.rule,
                    &e.message,
                )
            })
        })
        .collect();
    let detail = format!(
        "{} of {} rows are invalid; nothing was written (use on_error=skip to write the valid rows)",
        report.counts.rejected,
        report.counts.total()
    );
    ApiError::ImportRejected {
        detail,
        errors,
        report: serde_json::to_value(&report).unwrap_or_default(),
    }
}

/// Import enterprises, R&D sources, chain-link memberships or relationships from CSV or Excel
/// (admin or member).
///
/// CSV (UTF-8 or GBK) or an Excel workbook (its first sheet, or `sheet`), with a header row;
/// headings in Chinese as staff write them (企业名称, 统一社会信用代码, 所在地区…) are read as the
/// columns below, and a region may be written as its name (唐山市, 河北省唐山市路北区).
/// Organisation rows are matched before anything is written: a row without its key (an
/// enterprise without a USCC; any R&D source) is reconciled by name and region and, when one
/// record is a confident match, updates that record (`matched` in its report; the record keeps
/// its own name and region, and cells left empty keep its values); otherwise its report lists
/// `candidates`, and an enterprise without a USCC is refused (a new one needs it). A `match`
/// column settles a row: the id of the record it is, or `new` (新建). Columns — enterprises: `uscc,name_zh,name_en,region,scale,tags,
/// description,park,source` (tags `;`-separated); rd_sources: `rd_kind,name_zh,name_en,region,
/// description,park,source`; memberships: `enterprise,segment,role,products[,since,until]` (enterprise by id or
/// USCC, products `;`-separated); relationships: `kind,source_id,target_id,product,technology,
/// mode,year,share,topic,scope,valid_from,valid_to,source[,source_region,target_region]` (ends
/// by id, by USCC, or by a name reconciled with that end's region — refused with its candidates
/// unless one record is a confident match; a region code as target of `relocated_from`). Curators (admin keys) may add `id` to organisations and
/// `synthetic` to any file. Every row is checked before anything is written; the file is then
/// written in chunks of 5,000 rows, each its own transaction, and re-importing it changes
/// nothing. Files of up to 5,000 rows answer at once (200, or 422 with the report when invalid
/// rows stopped the import); larger ones answer 202 with a job to follow at
/// `GET /api/v1/imports/{id}`.
#[utoipa::path(operation_id = "importCsv", tag = "imports", security(("api_key" = [])),
    params(ImportQuery),
    request_body(content(
        (String = "text/csv",
            example = "uscc,name_zh,region,scale\n91130200MA0000001X,唐山星衡减速器有限公司,130200,medium\n"),
        (Workbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses(
        (status = 200, description = "Imported (or, for a dry run, checked)", body = ImportReport),
        (status = 202, description = "A large file: imported in the background; follow the job",
            body = ImportJob, headers(("Location" = String, description = "The job"))),
        CreateErrors,
    ))]
#[post("/imports")]
pub async fn import_csv(
    state: Data<AppState>,
    caller: Caller,
    params: Params<ImportQuery>,
    req: HttpRequest,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    if params
        .sheet
        .as_ref()
        .is_some_and(|s| s.chars().count() > 31)
    {
        return Err(ApiError::invalid(
            "sheet",
            "length",
            "at most 31 characters",
        ));
    }
    let app = &state.settings.application;
    let charset = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').find_map(|p| p.trim().strip_prefix("charset=")))
        .map(str::to_owned);
    let bytes = read_limited(payload, app.import_limit_bytes).await?;
    let text = if sheet::is_workbook(&bytes) {
        sheet::to_csv(bytes, params.sheet.as_deref())?
    } else {
        decode_upload(bytes, charset.as_deref())?
    };
    let text = match choices(&params)? {
        Some(choices) => csv_rows::with_choices(&text, &choices)?,
        None => text,
    };
    let source = Source::from(text);
    let options = ImportOptions::new(params.dry_run, params.on_error);
    let rows = csv_rows::count(&source)?;
    if rows > app.import_sync_rows {
        let job = jobs::start(&state.db, who, params.kind, (source, rows), options).await?;
        let location = format!("/api/v1/imports/{}", job.id);
        return Ok(HttpResponse::Accepted()
            .insert_header(("location", location))
            .json(job));
    }
    let quiet = Arc::new(|_, _| {});
    let report = imports::run(&state.db, who, params.kind, &source, options, quiet).await?;
    if report.was_refused() {
        return Err(rejection(report));
    }
    Ok(HttpResponse::Ok().json(report))
}
