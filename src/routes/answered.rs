//! How a cached answer (`queries::cache`) goes out: with the version of the data it reflects as
//! its (weak) `ETag` — a revalidation with `If-None-Match` gets 304 while the data has not
//! moved — and its `Age`. A request with `Cache-Control: no-cache` (or `Pragma: no-cache`) asks
//! for the current data and waits for it.

use actix_web::http::header::{self, CacheControl, CacheDirective, EntityTag};
use actix_web::{HttpRequest, HttpResponse};

use crate::queries::cache::Stamped;
use crate::routes::export::SheetFormat;

/// Whether the caller asked for the current data rather than a recent answer.
pub fn wants_current(req: &HttpRequest) -> bool {
    [header::CACHE_CONTROL, header::PRAGMA].iter().any(|name| {
        req.headers()
            .get_all(name)
            .filter_map(|v| v.to_str().ok())
            .any(|v| {
                v.split(',')
                    .any(|d| d.trim().eq_ignore_ascii_case("no-cache"))
            })
    })
}

fn tag<V>(answer: &Stamped<V>, format: SheetFormat) -> EntityTag {
    let suffix = match format {
        SheetFormat::Xlsx => "-xlsx",
        _ => "",
    };
    EntityTag::new_weak(format!("{}{suffix}", answer.version))
}

/// 304 when the caller already holds this version; the answer's headers otherwise, on `ok`.
pub fn respond<V>(
    req: &HttpRequest,
    answer: &Stamped<V>,
    format: SheetFormat,
    ok: impl FnOnce() -> HttpResponse,
) -> HttpResponse {
    let tag = tag(answer, format);
    let held = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .filter_map(|t| t.trim().parse::<EntityTag>().ok())
                .any(|t| t.weak_eq(&tag))
        });
    let mut response = if held {
        HttpResponse::NotModified().finish()
    } else {
        ok()
    };
    let headers = response.headers_mut();
    if let Ok(value) = tag.to_string().parse() {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::AGE, answer.age_secs().into());
    // Clients may keep the answer but ask again each time (with If-None-Match).
    if let Ok(value) = CacheControl(vec![CacheDirective::NoCache])
        .to_string()
        .parse()
    {
        headers.insert(header::CACHE_CONTROL, value);
    }
    response
}

/// The answer as JSON (serialised when it was computed), with its headers.
pub fn json<V>(req: &HttpRequest, answer: &Stamped<V>) -> HttpResponse {
    respond(req, answer, SheetFormat::Json, || {
        HttpResponse::Ok()
            .content_type(header::ContentType::json())
            .body(answer.body.clone())
    })
}
