//! What every page shares: who is looking and in which language ([`Viewer`], [`SignedIn`]), the
//! layout data of `base.html` ([`Layout`]), rendering, the security headers, and errors as a
//! small HTML page ([`PageError`]) instead of the API's JSON.

use std::sync::Arc;

use askama::Template;
use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header, request::Parts},
    response::{Html, IntoResponse, Redirect, Response},
};
use tower_http::set_header::SetResponseHeaderLayer;

use super::i18n::{Lang, Messages};
use crate::{app::AppState, auth::CurrentUser, error::Error, office::editor_page};

/// The Content-Security-Policy of Bureau's own pages: everything from Bureau itself only.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

/// The headers every page carries: the CSP (kept when a handler set its own), no sniffing (set
/// by the app for every response) and no referrer outside Bureau.
pub fn security_headers() -> (
    SetResponseHeaderLayer<HeaderValue>,
    SetResponseHeaderLayer<HeaderValue>,
) {
    (
        SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ),
        SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
    )
}

/// The same CSP and Referrer-Policy as headers of one response, for a page served outside
/// [`super::routes`] (`(page::headers(), Html(html)).into_response()`).
pub fn headers() -> [(HeaderName, HeaderValue); 2] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
    ]
}

/// The request's `Accept-Language`, if readable.
pub fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
}

/// The language of a page for someone not signed in (a guest of a public link).
pub fn guest_lang(headers: &HeaderMap) -> Lang {
    Lang::negotiate(None, accept_language(headers))
}

/// Who is looking at a page, if anyone is signed in, and the language to answer in.
#[derive(Debug)]
pub struct Viewer {
    /// The signed-in user, if any.
    pub user: Option<CurrentUser>,
    /// The page's language.
    pub lang: Lang,
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, PageError> {
        let accept = accept_language(&parts.headers).map(str::to_owned);
        let user = match CurrentUser::from_request_parts(parts, app).await {
            Ok(user) => Some(user),
            Err(Error::Unauthorized) => None,
            Err(error) => {
                let lang = Lang::negotiate(None, accept.as_deref());
                return Err(PageError { lang, error });
            }
        };
        let user_lang = user.as_ref().and_then(|u| u.user.lang.as_deref());
        let lang = Lang::negotiate(user_lang, accept.as_deref());
        Ok(Self { user, lang })
    }
}

/// A page that needs a signed-in user: anyone else is sent to `/login`.
#[derive(Debug)]
pub struct SignedIn {
    /// The user.
    pub current: CurrentUser,
    /// The page's language.
    pub lang: Lang,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, PageError> {
        let viewer = Viewer::from_request_parts(parts, app).await?;
        let lang = viewer.lang;
        let current = viewer.user.ok_or(PageError {
            lang,
            error: Error::Unauthorized,
        })?;
        Ok(Self { current, lang })
    }
}

impl SignedIn {
    /// Wraps an error of this page's handler so it renders in the page's language.
    pub fn error(&self, error: impl Into<Error>) -> PageError {
        PageError {
            lang: self.lang,
            error: error.into(),
        }
    }

    /// The layout of a page titled `title` for this user.
    pub fn layout(&self, title: String) -> Layout {
        let mut layout = Layout::new(self.lang, title);
        layout.user_name = Some(self.current.user.display_name.clone());
        layout.is_admin = self.current.user.is_admin;
        layout.csrf_token = self.current.csrf_token.clone().unwrap_or_default();
        layout
    }
}

/// What `base.html` needs: language, messages, title and the signed-in user.
#[derive(Debug)]
pub struct Layout {
    /// `<html lang>`.
    pub lang: &'static str,
    /// The messages of the page's language.
    pub m: &'static Messages,
    /// The same messages as script-safe JSON, for the page's scripts.
    pub messages_json: String,
    /// The page title (before " · Bureau").
    pub title: String,
    /// The signed-in user's name (shows the user menu).
    pub user_name: Option<String>,
    /// The session's CSRF token, for the scripts' API writes.
    pub csrf_token: String,
    /// Whether the signed-in user is an administrator (the user menu links the admin pages).
    pub is_admin: bool,
    /// The language menu: code, own name, whether it is the page's.
    pub languages: Vec<(&'static str, &'static str, bool)>,
}

impl Layout {
    /// A layout for a page nobody needs to be signed in to see.
    pub fn new(lang: Lang, title: String) -> Self {
        let m = lang.messages();
        Self {
            lang: lang.code(),
            m,
            messages_json: editor_page::script_safe_json(m).unwrap_or_else(|_| "{}".into()),
            title,
            user_name: None,
            csrf_token: String::new(),
            is_admin: false,
            languages: Lang::ALL
                .iter()
                .map(|l| (l.code(), l.name(), *l == lang))
                .collect(),
        }
    }
}

/// Renders a template into a 200 HTML response.
pub fn render(template: &impl Template) -> Result<Response, Error> {
    let html = template.render().map_err(anyhow::Error::new)?;
    Ok(Html(html).into_response())
}

/// A failed page request, rendered as HTML in the page's language; a missing session goes to
/// the sign-in page instead.
#[derive(Debug)]
pub struct PageError {
    /// The page's language.
    pub lang: Lang,
    /// What went wrong.
    pub error: Error,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    status: u16,
    detail: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if matches!(self.error, Error::Unauthorized) {
            return Redirect::to("/login").into_response();
        }
        let status = self.error.status();
        let m = self.lang.messages();
        let detail = match &self.error {
            Error::NotFound {
                code: "office_not_configured",
                ..
            } => m.no_docs_title.to_owned(),
            Error::NotFound { .. } => m.not_found.to_owned(),
            Error::Forbidden {
                code: "admin_required",
                ..
            } => m.admin_only.to_owned(),
            Error::Forbidden { .. } => m.forbidden.to_owned(),
            Error::Internal(_) => m.error_title.to_owned(),
            other => other.to_string(),
        };
        let page = ErrorPage {
            layout: Layout::new(self.lang, m.error_title.to_owned()),
            status: status.as_u16(),
            detail,
        };
        let mut response = match render(&page) {
            Ok(html) => (status, html).into_response(),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        };
        // The logging middleware reports the error once, as for the API.
        response.extensions_mut().insert(Arc::new(self.error));
        response
    }
}

/// The HTML 404 for any path no route matches.
pub async fn not_found(viewer: Result<Viewer, PageError>) -> PageError {
    let lang = match viewer {
        Ok(v) => v.lang,
        Err(e) => e.lang,
    };
    PageError {
        lang,
        error: Error::NotFound {
            code: "page_not_found",
            what: "page",
        },
    }
}
