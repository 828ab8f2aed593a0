//! Headers every answer carries: no content sniffing, no framing, no referrer; and for HTML
//! pages (Swagger UI, the web app) a strict Content-Security-Policy: only this origin's own
//! scripts, styles, images and API, nothing inline except styles, nothing from elsewhere.

use actix_web::dev::ServiceResponse;
use actix_web::http::header::{
    HeaderName, HeaderValue, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};

/// The policy for HTML pages. Swagger UI and ECharts set inline styles, hence `'unsafe-inline'`
/// for styles only; scripts come only from files this service serves.
pub const HTML_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' \
    'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
    object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers to a response on its way out.
pub fn secure<B>(mut res: ServiceResponse<B>) -> ServiceResponse<B> {
    let is_html = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let headers = res.headers_mut();
    let set = |headers: &mut actix_web::http::header::HeaderMap, name: HeaderName, value| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, X_FRAME_OPTIONS, "DENY");
    set(headers, REFERRER_POLICY, "no-referrer");
    if is_html {
        set(headers, CONTENT_SECURITY_POLICY, HTML_POLICY);
    }
    res
}
