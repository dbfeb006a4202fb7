//! `/s/:token`, the address a public link hands out. A password-protected link first asks for
//! its password (a correct one sets a cookie scoped to the link, so downloads and the editor
//! work without repeating it); a link whose role changes documents asks the guest's name; then
//! an office document opens in the editor, anything else downloads, and a folder shows its
//! entries ([`crate::web::link_folder`]), each opening the same way through `/s/:token?entry=<id>`.
//! The forms and errors (an unknown or expired link, a wrong password) are pages in the
//! language of the guest's browser.

use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use serde::Deserialize;
use url::form_urlencoded;

use crate::{
    app::AppState,
    drive::{access::Kind, links},
    error::{Error, Result},
    store::shares::Share,
    web::{
        i18n::Lang,
        link_folder,
        page::{self, Layout, PageError},
    },
};

#[derive(Template)]
#[template(path = "link.html")]
struct LinkPage {
    layout: Layout,
    action: String,
    ask_password: bool,
    ask_name: bool,
    message: Option<&'static str>,
}

/// `?entry=`: an entry below a shared folder (default: the shared entry itself).
#[derive(Debug, Deserialize)]
pub struct LinkPageQuery {
    entry: Option<String>,
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
    Query(q): Query<LinkPageQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let lang = page::guest_lang(&headers);
    let entry = q.entry.as_deref();
    let shown = match links::resolve(&app, &token, &headers).await {
        Ok(share) => next_step(&app, &token, &share, entry, None, lang).await,
        Err(Error::Forbidden { .. }) => form(&token, entry, lang, true, false, None),
        Err(e) => Err(e),
    };
    shown.map_err(|error| PageError { lang, error })
}

/// `POST /s/:token`: the password and/or the guest's name.
pub async fn submit(
    State(app): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LinkPageQuery>,
    headers: HeaderMap,
    Form(f): Form<LinkForm>,
) -> Result<Response, PageError> {
    let lang = page::guest_lang(&headers);
    unlock(&app, &token, q.entry.as_deref(), &headers, f, lang)
        .await
        .map_err(|error| PageError { lang, error })
}

/// Checks the password the form gave (remembering it in a cookie), then goes on.
async fn unlock(
    app: &AppState,
    token: &str,
    entry: Option<&str>,
    headers: &HeaderMap,
    f: LinkForm,
    lang: Lang,
) -> Result<Response> {
    let mut with_password = headers.clone();
    if let Some(p) = f
        .password
        .as_deref()
        .and_then(|p| HeaderValue::from_str(p).ok())
    {
        with_password.insert(links::PASSWORD_HEADER, p);
    }
    let share = match links::resolve(app, token, &with_password).await {
        Ok(share) => share,
        Err(Error::Forbidden { .. }) => {
            let wrong = lang.messages().wrong_password;
            return form(token, entry, lang, true, false, Some(wrong));
        }
        Err(e) => return Err(e),
    };
    let cookie = f
        .password
        .is_some()
        .then(|| links::unlock_cookie(token, &share, app.config.cookie_secure));
    let mut response = next_step(app, token, &share, entry, f.name.as_deref(), lang).await?;
    if let Some(cookie) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// Where a resolved link leads for one of its entries: a folder's page, the name form, the
/// editor, or a download.
async fn next_step(
    app: &AppState,
    token: &str,
    share: &Share,
    entry: Option<&str>,
    name: Option<&str>,
    lang: Lang,
) -> Result<Response> {
    let reach = links::reach(app, share, entry, Kind::Any).await?;
    let file = reach.entry();
    if file.is_folder() {
        return link_folder::page(app, token, &reach, lang).await;
    }
    // Below a shared folder, the file is named in every address.
    let below = (file.id != share.entry_id).then_some(file.id.as_str());
    let address = |path: String, id_key: &str, extra: Option<(&str, &str)>| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(id) = below {
            query.append_pair(id_key, id);
        }
        if let Some((k, v)) = extra {
            query.append_pair(k, v);
        }
        match query.finish() {
            q if q.is_empty() => path,
            q => format!("{path}?{q}"),
        }
    };
    let office_doc = app.office().is_some() && super::office_format(file).is_ok();
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let edit = format!("/office/links/{token}/edit");
    let target = if !office_doc {
        address(format!("/api/v1/links/{token}/content"), "entry", None)
    } else if let Some(name) = name {
        address(edit, "file", Some(("name", name)))
    } else if reach.grant.role().changes_documents() {
        return form(token, below, lang, false, true, None);
    } else {
        address(edit, "file", Some(("mode", "view")))
    };
    Ok(Redirect::to(&target).into_response())
}

fn form(
    token: &str,
    entry: Option<&str>,
    lang: Lang,
    ask_password: bool,
    ask_name: bool,
    message: Option<&'static str>,
) -> Result<Response> {
    let page = LinkPage {
        layout: Layout::new(lang, lang.messages().link_title.to_owned()),
        action: match entry {
            Some(id) => format!("/s/{token}?entry={id}"),
            None => format!("/s/{token}"),
        },
        ask_password,
        ask_name,
        message,
    };
    let html = page.render().map_err(anyhow::Error::new)?;
    Ok((page::headers(), Html(html)).into_response())
}
