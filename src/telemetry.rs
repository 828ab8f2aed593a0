//! Logging: human-readable or JSON lines, each carrying the request id of its request span.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use tracing::{Level, Span};
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};
use tracing_subscriber::{fmt, EnvFilter};

use crate::settings::{LogFormat, LogSettings};

/// Installs the global subscriber once; later calls (e.g. from several tests) do nothing.
pub fn init(settings: &LogSettings) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(settings.level.as_str()));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match settings.format {
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
        LogFormat::Human => builder.try_init(),
    };
}

/// Each request's span, built only when it will be recorded. tracing-actix-web's own builder
/// matches the path against every route again (for `http.route`), parses the connection info
/// and the trace headers on every request, even when the level drops the span; at `warn` that
/// was a few per cent of the service's CPU under load. The request id is set by the middleware
/// either way, so `x-request-id` does not depend on the level.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        if tracing::enabled!(Level::INFO) {
            tracing_actix_web::root_span!(request)
        } else {
            Span::none()
        }
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
