//! `/s/:token`, the address a public link hands out. A password-protected link first asks for
//! its password (a correct one sets a cookie scoped to the link, so downloads and the editor
//! work without repeating it); a link whose role changes documents asks the guest's name; then
//! an office document opens in the editor, anything else downloads, and a folder shows its
//! listing (`/api/v1/links/:token`).

use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

use crate::{
    app::AppState,
    drive::{links, roles::Role},
    error::{Error, Result},
    store::{entries, shares::Share},
};

#[derive(Template)]
#[template(path = "link.html")]
struct LinkPage<'a> {
    title: &'a str,
    action: String,
    ask_password: bool,
    ask_name: bool,
    message: Option<&'a str>,
}

/// The form of a link page.
#[derive(Debug, Deserialize)]
pub struct LinkForm {
    password: Option<String>,
    name: Option<String>,
}

/// `GET /s/:token`.
pub async fn show(
    State(app): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    match links::resolve(&app, &token, &headers).await {
        Ok(share) => next_step(&app, &token, &share, None).await,
        Err(Error::Forbidden { .. }) => form(&token, true, false, None),
        Err(e) => Err(e),
    }
}

/// `POST /s/:token`: the password and/or the guest's name.
pub async fn submit(
    State(app): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(f): Form<LinkForm>,
) -> Result<Response> {
    let mut with_password = headers.clone();
    if let Some(p) = f
        .password
        .as_deref()
        .and_then(|p| HeaderValue::from_str(p).ok())
    {
        with_password.insert(links::PASSWORD_HEADER, p);
    }
    let share = match links::resolve(&app, &token, &with_password).await {
        Ok(share) => share,
        Err(Error::Forbidden { .. }) => return form(&token, true, false, Some("Wrong password.")),
        Err(e) => return Err(e),
    };
    let cookie = f
        .password
        .is_some()
        .then(|| links::unlock_cookie(&token, &share, app.config.cookie_secure));
    let mut response = next_step(&app, &token, &share, f.name.as_deref()).await?;
    if let Some(cookie) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// Where a resolved link leads: the name form, the editor, a download or a folder listing.
async fn next_step(
    app: &AppState,
    token: &str,
    share: &Share,
    name: Option<&str>,
) -> Result<Response> {
    let role = Role::parse(&share.role)?;
    let entry = entries::get(&app.store.db, &share.entry_id).await?;
    let office_doc = app.office().is_some() && super::office_format(&entry).is_ok();
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let target = if entry.is_folder() {
        format!("/api/v1/links/{token}")
    } else if !office_doc {
        format!("/api/v1/links/{token}/content")
    } else if let Some(name) = name {
        let name = utf8_percent_encode(name, NON_ALPHANUMERIC);
        format!("/office/links/{token}/edit?name={name}")
    } else if role.changes_documents() {
        return form(token, false, true, None);
    } else {
        format!("/office/links/{token}/edit?mode=view")
    };
    Ok(Redirect::to(&target).into_response())
}

fn form(
    token: &str,
    ask_password: bool,
    ask_name: bool,
    message: Option<&str>,
) -> Result<Response> {
    let html = LinkPage {
        title: "Shared with you",
        action: format!("/s/{token}"),
        ask_password,
        ask_name,
        message,
    }
    .render()
    .map_err(anyhow::Error::new)?;
    let headers = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; form-action 'self'; frame-ancestors 'self'",
        ),
        (header::REFERRER_POLICY, "same-origin"),
    ];
    Ok((headers, Html(html)).into_response())
}
