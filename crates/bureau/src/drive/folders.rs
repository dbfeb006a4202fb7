//! JSON handlers for folders (`/api/v1/folders`) and the trash (`/api/v1/trash`).

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    access::{self, Kind},
    api::folder_or_root,
    files::{self, NewContent},
    names::FileName,
    views::EntryView,
};
use crate::{
    app::AppState,
    auth::CurrentUser,
    error::{Error, Result},
    extract::AppJson,
    store::entries::{self, Entry},
};

/// Body of `POST /api/v1/folders`.
#[derive(Debug, Deserialize)]
pub struct NewFolder {
    name: String,
    parent_id: Option<String>,
}

/// `POST /api/v1/folders`: creates a folder (201); a taken name becomes `name (2)`.
pub async fn create(
    State(app): State<AppState>,
    current: CurrentUser,
    AppJson(body): AppJson<NewFolder>,
) -> Result<(StatusCode, Json<EntryView>)> {
    let name = FileName::parse(&body.name)?;
    let parent = folder_or_root(&app, &current.user, body.parent_id.as_deref()).await?;
    let folder = files::create(&app.store, &parent, &name, NewContent::Folder).await?;
    Ok((StatusCode::CREATED, Json(EntryView::from(&folder))))
}

/// `GET /api/v1/folders/:id` (or `root`): the folder, its path from the root, its children.
pub async fn get(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    let path = if id == "root" {
        vec![entries::root_of(&app.store.db, &current.user.id).await?]
    } else {
        let reach = access::reach(&app.store, &current.user, &id, Kind::Folder).await?;
        reach.visible_path().to_vec()
    };
    let folder = path.last().map(EntryView::from);
    let id = path.last().map(|f| f.id.clone()).unwrap_or_default();
    let children = entries::children(&app.store.db, &id).await?;
    Ok(Json(json!({
        "folder": folder,
        "path": views(&path),
        "children": views(&children),
    })))
}

fn views(entries: &[Entry]) -> Vec<EntryView> {
    entries.iter().map(EntryView::from).collect()
}

/// `GET /api/v1/trash`: the caller's trashed entries, newest first.
pub async fn list_trash(State(app): State<AppState>, current: CurrentUser) -> Result<Json<Value>> {
    let trashed = entries::trashed(&app.store.db, &current.user.id).await?;
    Ok(Json(json!({ "entries": views(&trashed) })))
}

/// `POST /api/v1/trash/:id/restore`: brings an entry back.
pub async fn restore(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<EntryView>> {
    let entry = access::trashed(&app.store, &current.user, &id).await?;
    let entry = files::restore(&app.store, &current.user, &entry).await?;
    Ok(Json(EntryView::from(&entry)))
}

/// `DELETE /api/v1/trash/:id`: deletes a trashed entry for good.
pub async fn purge(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    let entry = access::trashed(&app.store, &current.user, &id).await?;
    files::purge(&app.store, &entry).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/trash`: empties the caller's trash.
pub async fn empty(State(app): State<AppState>, current: CurrentUser) -> Result<StatusCode> {
    for entry in entries::trashed(&app.store.db, &current.user.id).await? {
        // An entry inside a trashed folder is gone once that folder is purged.
        match files::purge(&app.store, &entry).await {
            Err(Error::NotFound { .. }) | Ok(()) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
