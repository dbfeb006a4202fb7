//! Version history in the editor (protocol notes §7; ONLYOFFICE docs `usage-api/methods`
//! `refreshHistory` / `setHistoryData`, `how-it-works/document-history`).
//!
//! `GET /office/:id/history` answers the editor's `onRequestHistory` with the object for
//! `docEditor.refreshHistory`: one item per stored version, oldest first, with its author, time
//! and document key, plus `changes` and `serverVersion` from the save callback that produced it.
//! `GET /office/:id/history/:n` answers `onRequestHistoryData` with the object for
//! `docEditor.setHistoryData`: signed, expiring links to version n's content and, when a save
//! produced it, to its `changes.zip` together with the previous version (so the editor can
//! highlight the changes), signed with the Document Server secret when JWT is on.
//!
//! The current version's key is the live editing key; older versions get a key derived from
//! file, number and content, which is stable and never collides with an editing key.

use std::{collections::HashMap, sync::Arc};

use axum::{
    Json,
    extract::{Path, State},
};
use onlyoffice::formats::Format;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use time::OffsetDateTime;

use super::{LINK_TTL_SECS, Office, links::LinkKind, not_configured, sessions};
use crate::{
    app::AppState,
    auth::CurrentUser,
    drive::{
        self,
        access::{self, Kind},
    },
    error::{Error, Result},
    store::{self, entries::Entry, history, versions::Version},
};

/// `GET /office/:id/history`: the `refreshHistory` object.
pub async fn list(
    State(app): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    let (_, file, _) = office_file(&app, &current, &id).await?;
    let live = sessions::current(&app.store, &file).await?;
    let mut all = store::versions::list(&app.store.db, &file.id).await?;
    all.reverse();
    let saves: HashMap<i64, history::SavedChanges> =
        history::saves_of_file(&app.store.db, &file.id)
            .await?
            .into_iter()
            .map(|s| (s.version, s))
            .collect();
    let items: Vec<Value> = all
        .iter()
        .map(|v| {
            let key = version_key(&file, v, &live);
            let mut item = json!({
                "version": v.number,
                "key": key,
                "created": created(v.created_at),
                "user": {
                    "id": v.author_id.as_deref().unwrap_or_default(),
                    "name": v.author_name.as_deref().unwrap_or("Unknown"),
                },
            });
            if let Some((server_version, changes)) = saves.get(&v.number).and_then(recorded) {
                item["serverVersion"] = server_version;
                item["changes"] = changes;
            }
            item
        })
        .collect();
    Ok(Json(json!({
        "currentVersion": file.current_version,
        "history": items,
    })))
}

/// `GET /office/:id/history/:n`: the `setHistoryData` object for version n.
pub async fn data(
    State(app): State<AppState>,
    current: CurrentUser,
    Path((id, number)): Path<(String, String)>,
) -> Result<Json<Value>> {
    let (office, file, format) = office_file(&app, &current, &id).await?;
    let number = number.parse::<i64>().map_err(|_| Error::NotFound {
        code: "version_not_found",
        what: "version",
    })?;
    let version = drive::versions::get(&app.store, &file, number).await?;
    let live = sessions::current(&app.store, &file).await?;
    let expires = store::now_ms() / 1000 + LINK_TTL_SECS;
    let base = &office.internal_url;
    let link = |kind, n| office.links.link(kind, base, &file.id, n, expires);
    let mut body = json!({
        "version": number,
        "key": version_key(&file, &version, &live),
        "url": link(LinkKind::Content, number).as_str(),
        "fileType": format.extension,
    });
    if let Some(base) = session_base(&app, &file, number).await? {
        let previous = drive::versions::get(&app.store, &file, base).await?;
        body["previous"] = json!({
            "key": version_key(&file, &previous, &live),
            "url": link(LinkKind::Content, previous.number).as_str(),
            "fileType": format.extension,
        });
        body["changesUrl"] = json!(link(LinkKind::Changes, number).as_str());
    }
    if let Some(jwt) = &office.jwt {
        let token = jwt.sign(&body).map_err(anyhow::Error::new)?;
        body["token"] = json!(token);
    }
    Ok(Json(body))
}

/// The version a save's `changes.zip` replays onto, when a save with an archive made version
/// `number`: the version its session started from (a force-save earlier in the session does
/// not reset the Document Server's change list, protocol notes §7).
async fn session_base(app: &AppState, file: &Entry, number: i64) -> Result<Option<i64>> {
    let db = &app.store.db;
    let Some(save) = history::save_of_version(db, &file.id, number).await? else {
        return Ok(None);
    };
    if save.changes_hash.is_none() {
        return Ok(None);
    }
    let first = history::first_saved_version(db, &save.doc_key, &file.id).await?;
    Ok(first.map(|v| v - 1).filter(|base| *base >= 1))
}

/// The Office connection, a live office file the caller may read, and its format.
async fn office_file(
    app: &AppState,
    current: &CurrentUser,
    id: &str,
) -> Result<(Arc<Office>, Entry, &'static Format)> {
    let office = app.office().ok_or_else(not_configured)?;
    let file = access::reach(&app.store, &current.user, id, Kind::File)
        .await?
        .entry()
        .clone();
    let format = super::office_format(&file)?;
    Ok((office, file, format))
}

/// The document key of a version: the live key for the current one, else a derived key.
fn version_key(file: &Entry, version: &Version, live: &store::office::Session) -> String {
    if live.head_version == version.number {
        return live.doc_key.clone();
    }
    let digest = Sha256::digest(
        format!(
            "history\n{}\n{}\n{}",
            file.id, version.number, version.blob_hash
        )
        .as_bytes(),
    );
    format!("h{}", &hex::encode(digest)[..40])
}

/// `serverVersion` and `changes` of a recorded save (the editor needs both or neither).
fn recorded(save: &history::SavedChanges) -> Option<(Value, Value)> {
    let history: Value = serde_json::from_str(save.history.as_deref()?).ok()?;
    let server_version = history.get("serverVersion")?.clone();
    let changes = history.get("changes")?.clone();
    Some((server_version, changes))
}

/// `YYYY-MM-DD HH:MM:SS` (UTC), the form the Document Server itself uses in `history`.
fn created(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(|t| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_is_the_document_server_form() {
        assert_eq!(created(1_795_395_412_345), "2026-11-23 00:56:52");
    }

    #[test]
    fn recorded_history_needs_both_fields() {
        let save = |h: &str| history::SavedChanges {
            doc_key: "k".to_owned(),
            version: 2,
            history: Some(h.to_owned()),
            changes_hash: None,
        };
        let both = save(r#"{"serverVersion":"9.0.4","changes":[{"created":"x"}]}"#);
        assert_eq!(recorded(&both).map(|r| r.0), Some(json!("9.0.4")));
        assert!(recorded(&save(r#"{"changes":[]}"#)).is_none());
        assert!(recorded(&save("not json")).is_none());
    }
}
