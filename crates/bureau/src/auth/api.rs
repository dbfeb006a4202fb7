//! HTTP handlers for signing in and out, the caller's identity, and personal API tokens.

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    CurrentUser, SESSION_COOKIE, accounts, cookies::set_cookie, extract::session_cookie, secrets,
    throttle,
};
use crate::{
    app::AppState,
    error::{Error, Result},
    extract::AppJson,
    http::client_addr::ClientAddr,
    store::{self, sessions, tokens, users::User},
};

/// Body of `POST /api/v1/auth/login`.
#[derive(Debug, Deserialize)]
pub struct LoginBody {
    login: String,
    password: String,
}

/// `POST /api/v1/auth/login`: checks the password (unless the login or the client address is
/// over the failed sign-in limit: 429), opens a session, sets the cookie.
pub async fn login(
    State(app): State<AppState>,
    client: ClientAddr,
    AppJson(body): AppJson<LoginBody>,
) -> Result<Response> {
    let attempt = throttle::Attempt::new(&body.login, client);
    throttle::check(&app.store, &app.config, &attempt).await?;
    let Some(user) = accounts::authenticate(&app.store, &body.login, &body.password).await? else {
        throttle::failed(&app.store, &app.config, &attempt).await?;
        return Err(Error::Forbidden {
            code: "invalid_credentials",
            detail: "wrong login or password".into(),
        });
    };
    throttle::succeeded(&app.store, &attempt).await?;
    let cookie_value = secrets::generate("");
    let csrf = secrets::generate("");
    let now = store::now_ms();
    let ttl = app.config.session_ttl;
    let expires = now.saturating_add(i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX));
    sessions::insert(
        &app.store.db,
        &secrets::digest(&cookie_value),
        &user.id,
        &csrf,
        now,
        expires,
    )
    .await?;
    tracing::info!(user.id = %user.id, "signed in");
    let cookie = set_cookie(
        SESSION_COOKIE,
        &cookie_value,
        ttl.as_secs(),
        app.config.cookie_secure,
    );
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, header_value(&cookie)?);
    Ok((headers, Json(me_body(&user, Some(&csrf)))).into_response())
}

/// `POST /api/v1/auth/logout`: ends the session and clears the cookie.
pub async fn logout(
    State(app): State<AppState>,
    _current: CurrentUser,
    headers: HeaderMap,
) -> Result<Response> {
    if let Some(cookie) = session_cookie(&headers) {
        sessions::delete(&app.store.db, &secrets::digest(cookie)).await?;
    }
    let clear = set_cookie(SESSION_COOKIE, "", 0, app.config.cookie_secure);
    Ok((
        [(header::SET_COOKIE, header_value(&clear)?)],
        StatusCode::NO_CONTENT,
    )
        .into_response())
}

/// `GET /api/v1/auth/me`: the caller, with the CSRF token for cookie sessions.
pub async fn me(current: CurrentUser) -> Json<Value> {
    Json(me_body(&current.user, current.csrf_token.as_deref()))
}

fn me_body(user: &User, csrf: Option<&str>) -> Value {
    json!({
        "id": user.id,
        "login": user.login,
        "display_name": user.display_name,
        "is_admin": user.is_admin,
        "csrf_token": csrf,
    })
}

fn header_value(s: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(s).map_err(|e| Error::Internal(e.into()))
}

/// Body of `POST /api/v1/tokens`.
#[derive(Debug, Deserialize)]
pub struct NewToken {
    name: String,
}

/// `POST /api/v1/tokens`: creates a personal API token; its value is shown only here.
pub async fn create_token(
    State(app): State<AppState>,
    current: CurrentUser,
    AppJson(body): AppJson<NewToken>,
) -> Result<(StatusCode, Json<Value>)> {
    let name = body.name.trim();
    if name.is_empty() || name.len() > 100 {
        return Err(Error::bad_request(
            "invalid_name",
            "a token name is 1 to 100 characters",
        ));
    }
    let (id, token) = issue_token(&app.store, &current.user.id, name).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "name": name, "token": token})),
    ))
}

/// Creates a token for a user and returns its id and secret value.
pub async fn issue_token(
    store: &store::Store,
    user_id: &str,
    name: &str,
) -> Result<(String, String)> {
    let token = secrets::generate("bureau_");
    let id = store::new_id();
    tokens::insert(
        &store.db,
        &id,
        user_id,
        name,
        &secrets::digest(&token),
        store::now_ms(),
    )
    .await?;
    Ok((id, token))
}

/// `GET /api/v1/tokens`: the caller's tokens (never their values).
pub async fn list_tokens(State(app): State<AppState>, current: CurrentUser) -> Result<Json<Value>> {
    let list = tokens::list(&app.store.db, &current.user.id).await?;
    Ok(Json(json!({ "tokens": list })))
}

/// `DELETE /api/v1/tokens/:id`: revokes one of the caller's tokens.
pub async fn delete_token(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    tokens::delete(&app.store.db, &current.user.id, &id)
        .await
        .map_err(|e| match e {
            store::Error::NotFound => Error::NotFound {
                code: "token_not_found",
                what: "token",
            },
            other => other.into(),
        })?;
    Ok(StatusCode::NO_CONTENT)
}
