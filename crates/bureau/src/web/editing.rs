//! `GET /folders/{id}/editing`: who edits which file of a folder in ONLYOFFICE now, as
//! `{"editing": {"<file id>": ["name", …]}}`, from the open sessions' status 1 callbacks. The
//! file browser polls it to keep its "Being edited by …" badges live.

use std::collections::BTreeMap;

use axum::{
    Json,
    extract::{Path, State},
};
use serde_json::{Value, json};

use super::listing::People;
use crate::{
    app::AppState,
    auth::CurrentUser,
    drive::access::{self, Kind},
    error::Result,
    store::office,
};

/// `GET /folders/{id}/editing`, for the owner or anyone the folder is shared with.
pub async fn folder(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    let reach = access::reach(&app.store, &current.user, &id, Kind::Folder).await?;
    let db = &app.store.db;
    let mut by_file: BTreeMap<&str, Vec<office::Session>> = BTreeMap::new();
    let sessions = office::editing_in_folder(db, &reach.entry().id).await?;
    for session in &sessions {
        for file in [&session.file_id, &session.target_id] {
            let list = by_file.entry(file).or_default();
            if !list.iter().any(|s| s.doc_key == session.doc_key) {
                list.push(session.clone());
            }
        }
    }
    let mut people = People::new(db);
    let mut editing = serde_json::Map::new();
    for (file, list) in by_file {
        editing.insert(file.to_owned(), json!(people.editing(&list).await?));
    }
    Ok(Json(json!({ "editing": editing })))
}
