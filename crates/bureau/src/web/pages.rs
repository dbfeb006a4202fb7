//! The pages with little logic of their own: sign-in (`GET /login`, posting to the JSON API from
//! `login.js`), the trash (`GET /trash`, restore and purge from `trash.js`), and the language
//! menu's `PUT /settings/lang`.

use askama::Template;
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::i18n::Lang;
use super::{
    listing::{Row, RowBuilder},
    page::{Layout, PageError, SignedIn, Viewer, render},
};
use crate::{
    app::AppState,
    auth::CurrentUser,
    error::{Error, Result},
    extract::AppJson,
    store::{entries, users},
};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
}

/// `GET /login`: the sign-in form; a signed-in user goes to their files.
pub async fn login(viewer: Viewer) -> Result<Response, PageError> {
    if viewer.user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let m = viewer.lang.messages();
    let page = LoginPage {
        layout: Layout::new(viewer.lang, m.sign_in.to_owned()),
    };
    render(&page).map_err(|error| PageError {
        lang: viewer.lang,
        error,
    })
}

#[derive(Template)]
#[template(path = "trash.html")]
struct TrashPage {
    layout: Layout,
    rows: Vec<Row>,
}

/// `GET /trash`: the trashed entries, newest first, with restore and purge.
pub async fn trash(State(app): State<AppState>, viewer: SignedIn) -> Result<Response, PageError> {
    let m = viewer.lang.messages();
    let trashed = entries::trashed(&app.store.db, &viewer.current.user.id)
        .await
        .map_err(|e| viewer.error(e))?;
    let mut builder = RowBuilder::new(&app.store.db, m, app.office().is_some(), true);
    let mut rows = Vec::with_capacity(trashed.len());
    for entry in &trashed {
        rows.push(builder.row(entry).await.map_err(|e| viewer.error(e))?);
    }
    let page = TrashPage {
        layout: viewer.layout(m.trash.to_owned()),
        rows,
    };
    render(&page).map_err(|e| viewer.error(e))
}

/// Body of `PUT /settings/lang`: `en`, `fr`, `zh`, or `null` for the browser's language.
#[derive(Debug, Deserialize)]
pub struct LangChoice {
    lang: Option<String>,
}

/// `PUT /settings/lang`: the language menu stores the account's UI language (204).
pub async fn set_lang(
    State(app): State<AppState>,
    current: CurrentUser,
    AppJson(body): AppJson<LangChoice>,
) -> Result<StatusCode> {
    let lang = match body.lang.as_deref() {
        None => None,
        Some(tag) => Some(
            Lang::parse(tag)
                .ok_or_else(|| Error::bad_request("invalid_lang", "lang must be en, fr or zh"))?
                .code(),
        ),
    };
    users::set_lang(&app.store.db, &current.user.id, lang).await?;
    Ok(StatusCode::NO_CONTENT)
}
