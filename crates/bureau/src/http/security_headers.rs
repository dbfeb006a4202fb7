//! The security headers every response carries, whatever produced it (API, downloads, office
//! routes, errors, health checks): no MIME sniffing, and unless the handler or the page layer
//! chose a policy of its own (pages, the editor page), a Content-Security-Policy that allows
//! nothing, forbids framing and sandboxes the response (a downloaded HTML or SVG file can never
//! run script in Bureau's origin), and a same-origin Referrer-Policy.

use axum::http::{HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy of responses that are not pages: nothing may load, nothing may frame them.
pub const CONTENT_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

/// The layers that add the default headers (each only when the response has none yet).
pub fn defaults() -> (
    SetResponseHeaderLayer<HeaderValue>,
    SetResponseHeaderLayer<HeaderValue>,
    SetResponseHeaderLayer<HeaderValue>,
) {
    (
        SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_CSP),
        ),
        SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
    )
}
