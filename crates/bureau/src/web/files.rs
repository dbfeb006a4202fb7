//! The file browser: `GET /` (the root folder, or `?folder=<id>`, the editor's "back" link) and
//! `GET /folders/{id}`: breadcrumbs, the folder's entries (folders first), the New menu, upload,
//! and the per-entry actions that `files.js` drives through the JSON API.
//!
//! A folder shared with the reader opens too ([`access::reach`]): the breadcrumbs start at
//! "Shared with me" and the shared folder, and what the page offers follows the share's role
//! (New and Upload with `edit`; the owner's Rename, Move, Share and Delete never).

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::Response,
};
use serde::Deserialize;

use super::{
    i18n::Messages,
    listing::{Row, RowBuilder},
    page::{Layout, PageError, SignedIn, render},
    shared::role_label,
};
use crate::{
    app::AppState,
    drive::{
        access::{self, Kind, Reach},
        roles::{Grant, Role},
    },
    store::entries,
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
    /// Whether the reader owns the folder (rename, move, share, delete).
    owner: bool,
    /// Whether the reader may create and upload here (owner or `edit` role).
    writable: bool,
    /// Whether the reader's role opens documents for changes ("Edit in ONLYOFFICE").
    edits_docs: bool,
    /// The role of a folder shared with the reader, for people.
    shared_role: Option<&'static str>,
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
    let reach = match id {
        Some(id) => access::reach(&app.store, user, id, Kind::Folder).await,
        None => entries::root_of(&app.store.db, &user.id)
            .await
            .map(Reach::owned)
            .map_err(Into::into),
    }
    .map_err(|e| viewer.error(e))?;
    let m = viewer.lang.messages();
    let crumbs = crumbs(m, &reach);
    let folder_id = reach.entry().id.clone();
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
    let role = reach.grant.role();
    let page = FolderPage {
        layout: viewer.layout(title),
        folder_id,
        crumbs,
        rows,
        new_kinds: new_kinds(m),
        office_on,
        owner: reach.grant == Grant::Owner,
        writable: reach.grant.require(Role::Edit).is_ok(),
        edits_docs: role.changes_documents(),
        shared_role: match reach.grant {
            Grant::Owner => None,
            Grant::Shared(role) => Some(role_label(m, role.as_str())),
        },
        roles: Role::ALL
            .map(|r| (r.as_str(), role_label(m, r.as_str())))
            .to_vec(),
    };
    render(&page).map_err(|e| viewer.error(e))
}

/// Where "back" leads from a file's pages (versions panel, editor): its folder when the reader
/// may see it, else the files shared with them.
pub fn back_link(reach: &Reach) -> String {
    match reach.visible_parent() {
        Some(parent) => format!("/?folder={}", parent.id),
        None => "/shared".to_owned(),
    }
}

/// The breadcrumbs: from "My files" for the owner, from "Shared with me" and the shared folder
/// for someone it is shared with.
fn crumbs(m: &'static Messages, reach: &Reach) -> Vec<Crumb> {
    let (first, rest) = match reach.grant {
        Grant::Owner => (
            Crumb {
                name: m.my_files.to_owned(),
                href: "/".to_owned(),
            },
            reach.path.get(1..).unwrap_or_default(),
        ),
        Grant::Shared(_) => (
            Crumb {
                name: m.shared_with_me.to_owned(),
                href: "/shared".to_owned(),
            },
            reach.visible_path(),
        ),
    };
    std::iter::once(first)
        .chain(rest.iter().map(|e| Crumb {
            name: e.name.clone(),
            href: format!("/folders/{}", e.id),
        }))
        .collect()
}

/// The New ▸ menu's office kinds.
fn new_kinds(m: &'static Messages) -> Vec<NewKind> {
    vec![
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
    ]
}
