//! Logging: a tracing subscriber (text or JSON) and the per-request span, which names the matched
//! route (never the raw URI, which may carry signed tokens) and the request id.

use axum::{extract::MatchedPath, http::Request};
use tower_http::{
    classify::{ServerErrorsAsFailures, SharedClassifier},
    trace::TraceLayer,
};
use tracing::Span;
use tracing_subscriber::{EnvFilter, fmt};

use crate::config::LogFormat;

/// Installs the global subscriber; a second call (tests) is ignored.
pub fn init(filter: &str, format: LogFormat) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

type MakeSpan = fn(&Request<axum::body::Body>) -> Span;

/// The request span layer.
pub fn trace_layer() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, MakeSpan> {
    TraceLayer::new_for_http().make_span_with(request_span as MakeSpan)
}

fn request_span(req: &Request<axum::body::Body>) -> Span {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str);
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if route == "/healthz" {
        tracing::debug_span!("request", http.method = %req.method(), http.route = route, request_id)
    } else {
        tracing::info_span!("request", http.method = %req.method(), http.route = route, request_id)
    }
}
