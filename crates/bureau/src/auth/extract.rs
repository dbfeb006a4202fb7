//! The [`CurrentUser`] extractor: who is calling, from a `Bearer` API token or the session
//! cookie. Cookie-authenticated writes must carry the session's CSRF token in `X-CSRF-Token`;
//! token-authenticated calls need none, since browsers never attach bearer tokens on their own.
//! [`Admin`] further requires an administrator.

use axum::{extract::FromRequestParts, http::request::Parts};
use http::{Method, header};

use super::{SESSION_COOKIE, secrets};
use crate::{
    app::AppState,
    error::Error,
    store::{self, sessions, tokens, users::User},
};

/// Header carrying the CSRF token on cookie-authenticated writes.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The account.
    pub user: User,
    /// The CSRF token of the cookie session (`None` for API tokens).
    pub csrf_token: Option<String>,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Error> {
        let now = store::now_ms();
        if let Some(token) = bearer(parts) {
            return match tokens::user_for(&app.store.db, &secrets::digest(token), now).await {
                Ok(user) => Ok(Self {
                    user,
                    csrf_token: None,
                }),
                Err(store::Error::NotFound) => Err(Error::Unauthorized),
                Err(e) => Err(e.into()),
            };
        }
        let cookie = session_cookie(&parts.headers).ok_or(Error::Unauthorized)?;
        let found = match sessions::find(&app.store.db, &secrets::digest(cookie), now).await {
            Ok(found) => found,
            Err(store::Error::NotFound) => return Err(Error::Unauthorized),
            Err(e) => return Err(e.into()),
        };
        if !is_safe(&parts.method) {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if !sent.is_some_and(|s| secrets::equal(s, &found.csrf_token)) {
                return Err(Error::Forbidden {
                    code: "csrf_failed",
                    detail: "missing or wrong X-CSRF-Token header".into(),
                });
            }
        }
        Ok(Self {
            user: found.user,
            csrf_token: Some(found.csrf_token),
        })
    }
}

/// An authenticated administrator; anyone else is refused with 403 `admin_required` (401 when
/// not signed in).
#[derive(Debug, Clone)]
pub struct Admin(pub CurrentUser);

impl FromRequestParts<AppState> for Admin {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Error> {
        let current = CurrentUser::from_request_parts(parts, app).await?;
        if !current.user.is_admin {
            return Err(Error::Forbidden {
                code: "admin_required",
                detail: "this is for administrators".into(),
            });
        }
        Ok(Self(current))
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The value of the session cookie, if the request has one.
pub fn session_cookie(headers: &http::HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
}
