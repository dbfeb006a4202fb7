//! The pages with little logic of their own: sign-in (`GET /login`, posting to the JSON API from
//! `login.js`) and the trash (`GET /trash`, restore and purge from `trash.js`).

use askama::Template;
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    listing::{Row, RowBuilder},
    page::{Layout, PageError, SignedIn, Viewer, render},
};
use crate::{app::AppState, store::entries};

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
    let mut builder = RowBuilder::new(&app.store.db, m, app.office.is_some(), true);
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
