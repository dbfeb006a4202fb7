//! Opening documents through a public link: the same editor config as for users, for a guest
//! named on the way in (`?name=`, asked by the link page before editing), with the link's role,
//! in the language of the guest's browser.

use axum::{
    Json,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
};
use serde::Deserialize;
use serde_json::Value;

use super::{
    editor_page,
    open::{Opened, Viewer, build, cozy_body},
};
use crate::{
    app::AppState,
    drive::{access::Kind, links},
    error::{Error, Result},
    extract::AppQuery,
    store,
    web::{
        i18n::Lang,
        page::{self, PageError},
    },
};

/// Query of the link office routes.
#[derive(Debug, Deserialize)]
pub struct LinkOpenQuery {
    /// The file, when the link shares a folder.
    file: Option<String>,
    /// The guest's display name (required to change a document).
    name: Option<String>,
    /// `view` forces view mode.
    mode: Option<String>,
}

async fn opened(
    app: &AppState,
    token: &str,
    q: &LinkOpenQuery,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<Opened> {
    let share = links::resolve(app, token, headers).await?;
    let reach = links::reach(app, &share, q.file.as_deref(), Kind::File).await?;
    let view_only = q.mode.as_deref() == Some("view");
    let changes = reach.grant.role().changes_documents() && !view_only;
    let name = q
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty() && n.len() <= 128);
    let name = match (name, changes) {
        (Some(n), _) => n.to_owned(),
        (None, false) => lang.messages().guest.to_owned(),
        (None, true) => {
            return Err(Error::bad_request(
                "name_required",
                "give your name (?name=) to edit",
            ));
        }
    };
    let viewer = Viewer {
        id: format!("guest-{}", store::new_id()),
        name,
        lang: lang.code().to_owned(),
    };
    build(app, &viewer, &reach, view_only, None).await
}

/// `GET /office/links/:token/open?file=&name=`: the Cozy-shaped open parameters for a guest.
pub async fn open(
    State(app): State<AppState>,
    Path(token): Path<String>,
    AppQuery(q): AppQuery<LinkOpenQuery>,
    headers: HeaderMap,
) -> Result<Json<Value>> {
    let lang = page::guest_lang(&headers);
    let opened = opened(&app, &token, &q, &headers, lang).await?;
    let name = q.name.as_deref().unwrap_or(lang.messages().guest);
    cozy_body(&app, &opened, name).map(Json)
}

/// `GET /office/links/:token/edit?file=&name=`: the editor page for a guest (errors are HTML
/// pages).
pub async fn page(
    State(app): State<AppState>,
    Path(token): Path<String>,
    AppQuery(q): AppQuery<LinkOpenQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let lang = page::guest_lang(&headers);
    let opened = opened(&app, &token, &q, &headers, lang)
        .await
        .map_err(|error| PageError { lang, error })?;
    editor_page::render(&app, &opened, lang, "").map_err(|error| PageError { lang, error })
}
