//! `GET /office/:id/edit[?mode=view]`: a full page that loads the Document Server's `api.js`
//! and starts `DocsAPI.DocEditor` with the signed config, under a Content-Security-Policy that
//! allows scripts, frames and connections to Bureau and the Document Server only.

use askama::Template;
use axum::{
    extract::{Path, State},
    http::header,
    response::{Html, IntoResponse, Response},
};
use onlyoffice::config::EditorConfig;
use url::Url;

use super::open::{OpenQuery, Opened, prepare};
use crate::{app::AppState, auth::CurrentUser, error::Result, extract::AppQuery};

#[derive(Template)]
#[template(path = "editor.html")]
struct EditorPage<'a> {
    lang: &'a str,
    title: &'a str,
    back_url: &'a str,
    api_js: String,
    config_json: String,
    /// Where the page's script and style are served.
    assets: &'a str,
    /// Whether the editor offers its version history panel (Bureau's own routes serve it).
    history: bool,
    /// For the page's own API calls (restoring a version from the history panel).
    csrf_token: &'a str,
}

/// Renders the editor page.
pub async fn page(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    AppQuery(q): AppQuery<OpenQuery>,
) -> Result<Response> {
    let opened = prepare(&app, &current.user, &id, q.view_only()).await?;
    let lang = current.user.lang.as_deref().unwrap_or("en");
    render(
        &app,
        &opened,
        lang,
        current.csrf_token.as_deref().unwrap_or_default(),
    )
}

/// Renders the page for an opened document (also used for guests of public links).
pub fn render(app: &AppState, opened: &Opened, lang: &str, csrf_token: &str) -> Result<Response> {
    let docs_url = &app
        .office()
        .map(|o| o.docs.url.clone())
        .unwrap_or_else(|| app.config.public_url.clone());
    let back_fallback = app.config.public_url.to_string();
    let setup = PageSetup {
        docs_url,
        assets: "/assets/",
        history: true,
        back_fallback: &back_fallback,
        lang,
        csrf_token,
    };
    render_page(&setup, &opened.file.name, &opened.config)
}

/// How the page is served: by `bureau serve`, or under the prefix of `bureau connector`.
#[derive(Debug)]
pub struct PageSetup<'a> {
    /// The Document Server as browsers reach it (its `api.js`).
    pub docs_url: &'a Url,
    /// The path the page's `editor.js` and `editor.css` are served under.
    pub assets: &'a str,
    /// Whether to offer the version history panel.
    pub history: bool,
    /// The back link when the config names none.
    pub back_fallback: &'a str,
    /// The page's language.
    pub lang: &'a str,
    /// The session's CSRF token, for the page's own API calls (empty: none).
    pub csrf_token: &'a str,
}

/// Renders the page for a signed config, under a Content-Security-Policy that allows the page's
/// origin and the Document Server only.
pub fn render_page(setup: &PageSetup<'_>, title: &str, config: &EditorConfig) -> Result<Response> {
    let config_json = script_safe_json(config)?;
    let back = config
        .editor_config
        .customization
        .as_ref()
        .and_then(|c| c.goback.as_ref())
        .and_then(|g| g.url.as_deref());
    let html = EditorPage {
        lang: setup.lang,
        title,
        back_url: back.unwrap_or(setup.back_fallback),
        api_js: api_js(setup.docs_url),
        config_json,
        assets: setup.assets,
        history: setup.history,
        csrf_token: setup.csrf_token,
    }
    .render()
    .map_err(anyhow::Error::new)?;
    Ok((
        [
            (header::CONTENT_SECURITY_POLICY, csp(setup.docs_url)),
            (header::REFERRER_POLICY, "same-origin".to_owned()),
        ],
        Html(html),
    )
        .into_response())
}

/// The Document Server's `api.js`.
pub fn api_js(docs_url: &Url) -> String {
    format!("{docs_url}web-apps/apps/api/documents/api.js")
}

fn csp(docs_url: &Url) -> String {
    let ds = docs_url.origin().ascii_serialization();
    format!(
        "default-src 'self'; script-src 'self' {ds}; frame-src {ds}; connect-src 'self' {ds}; \
         img-src 'self' data: {ds}; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'; \
         base-uri 'none'; form-action 'self'"
    )
}

/// JSON that can sit inside a `<script>` element: `<`, `>` and `&` become `\u003c`…, so no
/// value can close the element.
pub fn script_safe_json<T: serde::Serialize>(value: &T) -> Result<String> {
    let json = serde_json::to_string(value).map_err(anyhow::Error::new)?;
    Ok(json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026"))
}
