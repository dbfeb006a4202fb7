//! `GET /office/:id/edit[?mode=view]`: a full page that loads the Document Server's `api.js`
//! and starts `DocsAPI.DocEditor` with the signed config, under a Content-Security-Policy that
//! allows scripts, frames and connections to Bureau and the Document Server only. The page and
//! the editor speak the reader's language; a failure (no access, no such file, no Document
//! Server) is an HTML page in that language, and a missing session goes to the sign-in page.
//! Where Bureau serves it to a signed-in user, the page offers the version history and watches
//! the document key for conflicts (`editor.js`).

use askama::Template;
use axum::{
    extract::{Path, State},
    http::header,
    response::{Html, IntoResponse, Response},
};
use onlyoffice::config::EditorConfig;
use url::Url;

use super::open::{OpenQuery, Opened, prepare};
use crate::{
    app::AppState,
    error::Result,
    extract::AppQuery,
    web::{
        i18n::{Lang, Messages},
        page::{PageError, SignedIn},
    },
};

#[derive(Template)]
#[template(path = "editor.html")]
struct EditorPage<'a> {
    lang: &'static str,
    m: &'static Messages,
    /// The messages as JSON, for `editor.js`.
    messages_json: String,
    title: &'a str,
    /// Where the back link and the editor's Close lead (none for guests of a link).
    back_url: Option<&'a str>,
    api_js: String,
    config_json: String,
    /// Where the page's script and style are served.
    assets: &'a str,
    /// Whether Bureau's own routes serve the version history and the document key's state.
    own_routes: bool,
    /// For the page's own API calls (history, conflicts).
    csrf_token: &'a str,
}

/// Renders the editor page.
pub async fn page(
    State(app): State<AppState>,
    viewer: SignedIn,
    Path(id): Path<String>,
    AppQuery(q): AppQuery<OpenQuery>,
) -> Result<Response, PageError> {
    let user = &viewer.current.user;
    let opened = prepare(&app, user, viewer.lang, &id, q.view_only())
        .await
        .map_err(|e| viewer.error(e))?;
    let csrf = viewer.current.csrf_token.as_deref().unwrap_or_default();
    render(&app, &opened, viewer.lang, csrf).map_err(|e| viewer.error(e))
}

/// Renders the page for an opened document, for a signed-in user (their `csrf_token`) or a
/// guest of a public link (none: no history, no conflict watching, no back link).
pub fn render(app: &AppState, opened: &Opened, lang: Lang, csrf_token: &str) -> Result<Response> {
    let docs_url = &app
        .office()
        .map(|o| o.docs.url.clone())
        .unwrap_or_else(|| app.config.public_url.clone());
    let setup = PageSetup {
        docs_url,
        assets: "/assets/",
        own_routes: !csrf_token.is_empty(),
        back_fallback: None,
        lang: lang.code(),
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
    /// Whether Bureau's own routes serve the version history and the document key's state (the
    /// history panel and the conflict dialog are offered).
    pub own_routes: bool,
    /// The back link when the config names none (none: no back link).
    pub back_fallback: Option<&'a str>,
    /// The page's language (`en`, `fr`, `zh`; English for others).
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
    let lang = Lang::parse(setup.lang).unwrap_or(Lang::En);
    let m = lang.messages();
    let html = EditorPage {
        lang: lang.code(),
        m,
        messages_json: script_safe_json(m)?,
        title,
        back_url: back.or(setup.back_fallback),
        api_js: api_js(setup.docs_url),
        config_json,
        assets: setup.assets,
        own_routes: setup.own_routes,
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
