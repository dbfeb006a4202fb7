//! The browser side: `api.js` (`DocsAPI.DocEditor`) and the small editor it frames.
//!
//! `api.js` checks the config like the real one (`document.url` and a file type are required),
//! then frames `editor.html`, which opens the document through `POST /control/open` (the DS
//! validates the token server-side, Appendix A.4) and drives the session through the control
//! API. Events reach the host page by `postMessage`, as with the real editor.

use std::sync::Arc;

use axum::Router;
use axum::http::header;
use axum::routing::get;

use crate::state::Shared;

const API_JS: &str = include_str!("../assets/api.js");
const EDITOR_HTML: &str = include_str!("../assets/editor.html");
const EDITOR_JS: &str = include_str!("../assets/editor.js");

/// The `/web-apps/apps/api/documents/*` routes.
pub fn routes() -> Router<Arc<Shared>> {
    const JS: &str = "application/javascript; charset=utf-8";
    const HTML: &str = "text/html; charset=utf-8";
    Router::new()
        .route(
            "/web-apps/apps/api/documents/api.js",
            get(|| async { ([(header::CONTENT_TYPE, JS)], API_JS) }),
        )
        .route(
            "/web-apps/apps/api/documents/editor.html",
            get(|| async { ([(header::CONTENT_TYPE, HTML)], EDITOR_HTML) }),
        )
        .route(
            "/web-apps/apps/api/documents/editor.js",
            get(|| async { ([(header::CONTENT_TYPE, JS)], EDITOR_JS) }),
        )
        .route(
            "/web-apps/apps/api/documents/preload.html",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, HTML)],
                    "<!DOCTYPE html><title>preload</title>",
                )
            }),
        )
}
