//! The file browser: `GET /` (the root folder, or `?folder=<id>`, the editor's "back" link) and
//! `GET /folders/{id}`: breadcrumbs, the folder's entries (folders first), the New menu, upload,
//! and the per-entry actions that `files.js` drives through the JSON API.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::Response,
};
use serde::Deserialize;

use super::{
    listing::{Row, RowBuilder},
    page::{Layout, PageError, SignedIn, render},
    shared::role_label,
};
use crate::{
    app::AppState,
    drive::access::{self, Kind},
    store::entries::{self, Entry},
};

/// `?folder=<id>` of `GET /`.
#[derive(Debug, Deserialize)]
pub struct HomeQuery {
    folder: Option<String>,
}

/// One step of the breadcrumbs.
#[derive(Debug)]
struct Crumb {
    name: String,
    href: String,
}

/// A New ▸ menu item: the `kind` of `POST /api/v1/files/new` and its label.
#[derive(Debug)]
struct NewKind {
    kind: &'static str,
    label: &'static str,
    icon: &'static str,
}

#[derive(Template)]
#[template(path = "files.html")]
struct FolderPage {
    layout: Layout,
    folder_id: String,
    crumbs: Vec<Crumb>,
    rows: Vec<Row>,
    new_kinds: Vec<NewKind>,
    /// Whether a Document Server is configured (office actions work).
    office_on: bool,
    /// The share roles and their labels, for the Share dialog.
    roles: Vec<(&'static str, &'static str)>,
}

/// `GET /`: the root folder, or the folder named by `?folder=`.
pub async fn home(
    State(app): State<AppState>,
    viewer: SignedIn,
    Query(q): Query<HomeQuery>,
) -> Result<Response, PageError> {
    let id = q.folder.filter(|f| !f.is_empty() && f != "root");
    folder_page(&app, &viewer, id.as_deref()).await
}

/// `GET /folders/{id}`.
pub async fn folder(
    State(app): State<AppState>,
    viewer: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    folder_page(&app, &viewer, Some(&id)).await
}

async fn folder_page(
    app: &AppState,
    viewer: &SignedIn,
    id: Option<&str>,
) -> Result<Response, PageError> {
    let user = &viewer.current.user;
    let path: Vec<Entry> = match id {
        Some(id) => access::live_path(&app.store, user, id, Kind::Folder)
            .await
            .map_err(|e| viewer.error(e))?,
        None => vec![
            entries::root_of(&app.store.db, &user.id)
                .await
                .map_err(|e| viewer.error(e))?,
        ],
    };
    let m = viewer.lang.messages();
    let crumbs: Vec<Crumb> = path
        .iter()
        .enumerate()
        .map(|(i, e)| Crumb {
            name: if i == 0 {
                m.my_files.to_owned()
            } else {
                e.name.clone()
            },
            href: if i == 0 {
                "/".to_owned()
            } else {
                format!("/folders/{}", e.id)
            },
        })
        .collect();
    let folder_id = path.last().map(|f| f.id.clone()).unwrap_or_default();
    let children = entries::children(&app.store.db, &folder_id)
        .await
        .map_err(|e| viewer.error(e))?;
    let office_on = app.office().is_some();
    let mut builder = RowBuilder::new(&app.store.db, m, office_on, false);
    let mut rows = Vec::with_capacity(children.len());
    for child in &children {
        rows.push(builder.row(child).await.map_err(|e| viewer.error(e))?);
    }
    let title = crumbs.last().map(|c| c.name.clone()).unwrap_or_default();
    let page = FolderPage {
        layout: viewer.layout(title),
        folder_id,
        crumbs,
        rows,
        new_kinds: vec![
            NewKind {
                kind: "document",
                label: m.new_document,
                icon: "word",
            },
            NewKind {
                kind: "spreadsheet",
                label: m.new_spreadsheet,
                icon: "cell",
            },
            NewKind {
                kind: "presentation",
                label: m.new_presentation,
                icon: "slide",
            },
            NewKind {
                kind: "form",
                label: m.new_form,
                icon: "pdf",
            },
        ],
        office_on,
        roles: ["view", "comment", "review", "fill", "edit"]
            .map(|r| (r, role_label(m, r)))
            .to_vec(),
    };
    render(&page).map_err(|e| viewer.error(e))
}
