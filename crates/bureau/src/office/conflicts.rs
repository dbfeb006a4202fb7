//! Conflicts: when a file got a new version (an upload, a restore) while a session was open on
//! an older one, the session's saves never overwrite it. They go to a conflict copy beside the
//! file, `<name> (conflict <date> <user>).<ext>`, which the session then keeps writing to.
//! `POST /office/keys/:key` (Cozy) tells the UI which file a key writes to, creating the copy
//! when the file already moved on, so the user can keep editing it; `GET /office/keys/:key`
//! says whether that happened, for the editor page's conflict dialog. Both answer whoever may
//! change the document the key was opened on (its owner, or a share whose role changes
//! documents); viewers get 403, anyone else the 404 of an unknown key.

use anyhow::Context as _;
use axum::{
    Json,
    extract::{Path, State},
};
use serde_json::{Value, json};
use time::{OffsetDateTime, macros::format_description};

use super::not_configured;
use crate::{
    app::AppState,
    auth::CurrentUser,
    drive::{
        access::{self, Kind},
        files::{self, NewContent, Source},
        names::FileName,
        views::EntryView,
    },
    error::{Error, Result},
    store::{
        self, BlobHash, Tx,
        blobs::StoredBlob,
        entries::{self, Entry},
        office::{self, Session},
        users::User,
        versions,
    },
};

/// The name of a conflict copy: `report (conflict 2026-11-23 14.05 Alice).docx`.
pub fn copy_name(original: &str, user_name: &str, now_ms: i64) -> Result<FileName> {
    let original = FileName::parse(original)?;
    let (stem, ext) = original.split_extension();
    let when = OffsetDateTime::from_unix_timestamp(now_ms / 1000)
        .ok()
        .and_then(|t| {
            t.format(format_description!("[year]-[month]-[day] [hour].[minute]"))
                .ok()
        })
        .unwrap_or_default();
    let user: String = user_name
        .chars()
        .filter(|c| !c.is_control() && !"/\\".contains(*c))
        .collect();
    let suffix = format!(" (conflict {when} {}){ext}", user.trim());
    let mut cut = stem
        .len()
        .min(crate::drive::names::MAX_NAME_BYTES.saturating_sub(suffix.len()));
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    FileName::parse(&format!("{}{suffix}", &stem[..cut]))
}

/// Creates a conflict copy of `target` holding `blob`, inside a transaction; returns its id.
pub async fn create_copy(
    tx: &mut Tx,
    target: &Entry,
    blob: &StoredBlob,
    author: Option<(&str, &str)>,
) -> Result<String> {
    let parent = target
        .parent_id
        .as_deref()
        .context("a file without a folder")?;
    let name = copy_name(
        &target.name,
        author.map_or("", |(_, name)| name),
        store::now_ms(),
    )?;
    let content = NewContent::File {
        blob,
        source: Source::OfficeSave,
        author_id: author.map(|a| a.0),
    };
    let id = files::create_in(tx, &target.owner_id, parent, &name, content).await?;
    tracing::info!(file.id = %target.id, copy.id = %id, "conflict copy created");
    Ok(id)
}

fn key_not_found() -> Error {
    Error::NotFound {
        code: "key_not_found",
        what: "document key",
    }
}

/// The session of `key`, for someone who may change the document it was opened on: its owner,
/// or a co-editor it is shared with (whose edits the session carries too, so they may decide
/// where it goes on). Viewers get 403; anyone else does not learn that the key exists.
async fn session_for(app: &AppState, user: &User, key: &str) -> Result<Session> {
    app.office().ok_or_else(not_configured)?;
    let session = match office::by_key(&app.store.db, key).await {
        Err(store::Error::NotFound) => return Err(key_not_found()),
        other => other?,
    };
    let reach = match access::reach(&app.store, user, &session.file_id, Kind::File).await {
        Err(Error::NotFound { .. }) => return Err(key_not_found()),
        other => other?,
    };
    if !reach.grant.role().changes_documents() {
        return Err(Error::Forbidden {
            code: "insufficient_role",
            detail: "only users who may change this file choose where its edits go".into(),
        });
    }
    Ok(session)
}

/// `GET /office/keys/:key`: where the key's saves go now (`target`). `changed`: that file got a
/// newer version from elsewhere since the session started (its next save makes a conflict
/// copy); `copy`: it is a conflict copy, not the file the key was opened on; `open`: the
/// session still runs.
pub async fn key_state(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(key): Path<String>,
) -> Result<Json<Value>> {
    let session = session_for(&app, &current.user, &key).await?;
    let target = entries::get(&app.store.db, &session.target_id).await?;
    Ok(Json(json!({
        "key": session.doc_key,
        "file_id": session.file_id,
        "target": EntryView::from(&target),
        "open": session.is_open(),
        "changed": target.current_version != Some(session.head_version),
        "copy": session.target_id != session.file_id,
    })))
}

/// `POST /office/keys/:key`: the file this key now writes to, creating the conflict copy
/// (holding the content the session started from) when the file moved on meanwhile. Open to
/// the owner and to users whose share lets them change the file (403 for viewers).
pub async fn key_target(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(key): Path<String>,
) -> Result<Json<Value>> {
    let session = session_for(&app, &current.user, &key).await?;
    if !session.is_open() {
        return Err(key_not_found());
    }
    let mut tx = app.store.db.begin().await.context("starting transaction")?;
    let session = office::lock(&mut tx, &key).await?;
    let target = entries::lock(&mut tx, &session.target_id).await?;
    let file_id = if target.current_version == Some(session.head_version) {
        target.id.clone()
    } else {
        let base = versions::get(&app.store.db, &target.id, session.head_version).await?;
        let hash = BlobHash::parse(&base.blob_hash).context("stored blob hash")?;
        let blob = StoredBlob {
            hash,
            size: u64::try_from(base.size).context("stored size")?,
        };
        let author = Some((current.user.id.as_str(), current.user.display_name.as_str()));
        let copy = create_copy(&mut tx, &target, &blob, author).await?;
        office::update(&mut tx, &key, &copy, 1, true, store::now_ms()).await?;
        copy
    };
    tx.commit().await.context("committing conflict copy")?;
    let file = entries::get(&app.store.db, &file_id).await?;
    Ok(Json(
        json!({"data": {"type": "io.cozy.files", "id": file.id, "attributes": EntryView::from(&file)}}),
    ))
}

#[cfg(test)]
mod tests {
    use super::copy_name;

    #[test]
    fn conflict_names() {
        let at = 1_795_392_300_000; // 2026-11-23 00:05 UTC
        let name = copy_name("Report.docx", "Alice", at).unwrap();
        assert_eq!(
            name.as_str(),
            "Report (conflict 2026-11-23 00.05 Alice).docx"
        );
        let name = copy_name("notes", "a/b", at).unwrap();
        assert_eq!(name.as_str(), "notes (conflict 2026-11-23 00.05 ab)");
        let long = format!("{}.xlsx", "x".repeat(250));
        assert!(
            copy_name(&long, "Bob", at)
                .unwrap()
                .as_str()
                .ends_with("Bob).xlsx")
        );
    }
}
