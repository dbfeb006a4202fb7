//! Saving: the final save after the last editor left (status 2, or 3 when assembling fails) and
//! force-saves (status 6, or 7), with the fields the real DS sends (protocol doc §3.2 and
//! Appendix A.1/A.2):
//!
//! - `url`/`changesurl` are fresh signed links (new `md5`/`expires` on every retry);
//! - `history` = `{"serverVersion", "changes":[{documentSha256 (of Editor.bin), created, user}]}`,
//!   omitted with `changesurl` for a session opened from a forgotten file;
//! - status 2: `users` = the last user who changed the document, `actions` = the leaving user,
//!   `lastsave`, `notmodified` (true when nothing changed since a force-save), `filetype`;
//! - an accepted status 2 spends the key; a failed one (after retries) moves the result to the
//!   forgotten store and wipes the cached session.

use std::io::Write as _;
use std::sync::Arc;
use std::time::Instant;

use onlyoffice::callback::{Action, ActionType, Callback, CallbackStatus, ForceSaveType};
use onlyoffice::command::CommandErrorCode;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::macros::format_description;

use crate::callbacks::{self, Outcome};
use crate::engine::OpenedDocument;
use crate::open::doc_key;
use crate::session::{Change, DocState};
use crate::state::{Forgotten, Shared, lock};

/// What started a save, and who gets the callback.
#[derive(Debug, Clone)]
pub enum Trigger {
    /// The last editor left.
    Close {
        /// The leaving user.
        leaver: String,
    },
    /// The Command service's `forcesave`.
    Command {
        /// Echoed as `userdata`.
        userdata: Option<String>,
    },
    /// The Save button of a connection (`customization.forcesave`).
    Button {
        /// The clicking user.
        user_id: String,
        /// Their callback URL.
        callback_url: Option<String>,
    },
}

/// What the save needs from the session, taken under the lock.
struct Snapshot {
    doc: Arc<OpenedDocument>,
    changes: Vec<Change>,
    notmodified: bool,
    from_forgotten: bool,
    callback_url: Option<String>,
    dir: String,
}

/// The final save of `key`, unless a join since `generation` cancelled it.
pub async fn final_save(shared: &Arc<Shared>, key: &str, generation: u64, leaver: &str) {
    let snapshot = {
        let mut docs = lock(&shared.docs);
        let Some(entry) = docs.get_mut(key) else {
            return;
        };
        if entry.generation != generation || !entry.editor_ids().is_empty() {
            return;
        }
        entry.results += 1;
        entry.state = DocState::Saving;
        Snapshot {
            doc: Arc::clone(&entry.doc),
            changes: entry.changes.clone(),
            notmodified: !entry.has_new_changes() && entry.forcesaved,
            from_forgotten: entry.from_forgotten,
            callback_url: last_changer_url(entry).or_else(|| entry.callback_url.clone()),
            dir: format!("data/{key}_{}", entry.results),
        }
    };
    let Some(url) = snapshot.callback_url.clone() else {
        if let Some(entry) = lock(&shared.docs).get_mut(key) {
            entry.state = DocState::Open;
        }
        return;
    };
    let trigger = Trigger::Close {
        leaver: leaver.to_owned(),
    };
    let stored = store_result(shared, &snapshot).await;
    let outcome = match &stored {
        Ok(ext) => {
            let ext = ext.clone();
            callbacks::send_with_retries(shared, &url, || {
                build(shared, key, &snapshot, &trigger, Some(&ext))
            })
            .await
        }
        Err(_) => {
            callbacks::send_with_retries(shared, &url, || {
                build(shared, key, &snapshot, &trigger, None)
            })
            .await
        }
    };
    finish(shared, key, &snapshot, stored.ok(), outcome).await;
}

/// Applies the host's verdict on a final save.
async fn finish(
    shared: &Shared,
    key: &str,
    snapshot: &Snapshot,
    ext: Option<String>,
    outcome: Outcome,
) {
    if matches!(outcome, Outcome::Accepted | Outcome::Held) {
        if let Some(entry) = lock(&shared.docs).get_mut(key) {
            entry.state = DocState::UpdateVersion(Instant::now());
            entry.changes.clear();
            entry.saved_changes = 0;
            entry.forcesaved = false;
            entry.from_forgotten = false;
        }
        if lock(&shared.forgotten).remove(key).is_some() {
            shared.storage.remove_prefix(&format!("forgotten/{key}/"));
        }
        return;
    }
    let Some(ext) = ext else {
        // Status 3 not accepted: the DS keeps the changes for the next open of the key.
        if let Some(entry) = lock(&shared.docs).get_mut(key) {
            entry.state = DocState::Open;
        }
        return;
    };
    let rel = format!("forgotten/{key}/output.{ext}");
    let moved = match shared
        .storage
        .path_of(&format!("{}/output.{ext}", snapshot.dir))
    {
        Some(path) => shared.storage.put(&rel, &path).await.is_ok(),
        None => false,
    };
    if moved {
        let title = lock(&shared.docs)
            .get(key)
            .map(|e| e.title.clone())
            .unwrap_or_default();
        lock(&shared.forgotten).insert(key.to_owned(), Forgotten { rel, ext, title });
    }
    let removed = lock(&shared.docs).remove(key);
    for n in 1..=removed.map_or(0, |entry| entry.results) {
        shared.storage.remove_prefix(&format!("data/{key}_{n}/"));
    }
}

/// Starts a force-save of `key`; the status 6/7 callback follows in the background.
pub fn force_save(shared: &Arc<Shared>, key: &str, trigger: Trigger) -> CommandErrorCode {
    let snapshot = {
        let mut docs = lock(&shared.docs);
        let Some(entry) = docs.get_mut(key) else {
            return CommandErrorCode::KeyNotFound;
        };
        if entry.state != DocState::Open || entry.participants.is_empty() {
            return CommandErrorCode::KeyNotFound;
        }
        if !entry.has_new_changes() {
            return CommandErrorCode::NotModified;
        }
        entry.saved_changes = entry.changes.len();
        entry.forcesaved = true;
        entry.results += 1;
        let callback_url = match &trigger {
            Trigger::Button { callback_url, .. } => callback_url.clone(),
            _ => last_changer_url(entry),
        };
        Snapshot {
            doc: Arc::clone(&entry.doc),
            changes: entry.changes.clone(),
            notmodified: false,
            from_forgotten: entry.from_forgotten,
            callback_url: callback_url.or_else(|| entry.callback_url.clone()),
            dir: format!("data/{key}_{}", entry.results),
        }
    };
    let Some(url) = snapshot.callback_url.clone() else {
        return CommandErrorCode::CallbackUrlIncorrect;
    };
    let (shared, key) = (Arc::clone(shared), key.to_owned());
    tokio::spawn(async move {
        let ext = store_result(&shared, &snapshot).await.ok();
        let cb = build(&shared, &key, &snapshot, &trigger, ext.as_deref());
        let outcome = callbacks::send(&shared, &url, &cb, 1).await;
        if let Some(entry) = lock(&shared.docs).get_mut(&key) {
            let ok = outcome == Outcome::Accepted && ext.is_some();
            entry.push_event(
                "forceSave",
                json!({ "ok": ok, "status": i64::from(cb.status) }),
            );
        }
    });
    CommandErrorCode::NoError
}

/// The callback URL of the user who made the last change.
fn last_changer_url(entry: &crate::session::DocEntry) -> Option<String> {
    let last = entry.changes.last()?;
    entry
        .participants
        .iter()
        .find(|p| p.user_id == last.user_id)
        .and_then(|p| p.callback_url.clone())
}

/// Assembles the result with x2t and stores it with `changes.zip`; returns its extension.
async fn store_result(shared: &Shared, snapshot: &Snapshot) -> Result<String, String> {
    let ext = snapshot.doc.output_ext().to_owned();
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let out = work.path().join(format!("output.{ext}"));
    let texts: Vec<String> = snapshot.changes.iter().map(|c| c.text.clone()).collect();
    shared
        .engine
        .assemble(&snapshot.doc, &texts, &out)
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "assembling the result failed");
            e.to_string()
        })?;
    let dir = &snapshot.dir;
    shared
        .storage
        .put(&format!("{dir}/output.{ext}"), &out)
        .await
        .map_err(|e| e.to_string())?;
    let zip = changes_zip(&snapshot.changes).map_err(|e| e.to_string())?;
    shared
        .storage
        .put_bytes(&format!("{dir}/changes.zip"), &zip)
        .await
        .map_err(|e| e.to_string())?;
    Ok(ext)
}

/// `changes.zip` with `changes0.json`: a JSON array of the raw change strings.
fn changes_zip(changes: &[Change]) -> zip::result::ZipResult<Vec<u8>> {
    let raw: Vec<String> = changes
        .iter()
        .map(|c| json!({"type": "addText", "text": c.text, "user": c.user_id}).to_string())
        .collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("changes0.json", zip::write::SimpleFileOptions::default())?;
    zip.write_all(Value::from(raw).to_string().as_bytes())?;
    Ok(zip.finish()?.into_inner())
}

/// Builds the status 2/3/6/7 callback, signing the links afresh.
fn build(
    shared: &Shared,
    key: &str,
    s: &Snapshot,
    trigger: &Trigger,
    ext: Option<&str>,
) -> Callback {
    let forced = !matches!(trigger, Trigger::Close { .. });
    let status = match (forced, ext.is_some()) {
        (false, true) => CallbackStatus::MustSave,
        (false, false) => CallbackStatus::Corrupted,
        (true, true) => CallbackStatus::MustForceSave,
        (true, false) => CallbackStatus::CorruptedForceSave,
    };
    let mut cb = Callback::new(doc_key(key), status);
    let valid = shared.config.url_expires;
    if let Some(ext) = ext {
        let name = format!("output.{ext}");
        cb.url = Some(shared.storage.signed_url(
            &shared.base_url,
            &format!("{}/{name}", s.dir),
            &name,
            valid,
        ));
        if !s.from_forgotten {
            let rel = format!("{}/changes.zip", s.dir);
            cb.changesurl = Some(shared.storage.signed_url(
                &shared.base_url,
                &rel,
                "changes.zip",
                valid,
            ));
            cb.history = Some(history(shared, s));
        }
        cb.filetype = Some(ext.to_owned());
    }
    let last = s.changes.last();
    match trigger {
        Trigger::Close { leaver } => {
            cb.users = vec![last.map_or_else(|| leaver.clone(), |c| c.user_id.clone())];
            cb.actions = vec![Action {
                kind: ActionType::Disconnected,
                userid: leaver.clone(),
            }];
            cb.notmodified = Some(s.notmodified);
        }
        Trigger::Command { userdata } => {
            cb.users = last.map(|c| c.user_id.clone()).into_iter().collect();
            cb.userdata.clone_from(userdata);
            cb.forcesavetype = Some(ForceSaveType::Command);
        }
        Trigger::Button { user_id, .. } => {
            cb.users = vec![user_id.clone()];
            cb.actions = vec![Action {
                kind: ActionType::ForceSaveInitiated,
                userid: user_id.clone(),
            }];
            cb.forcesavetype = Some(ForceSaveType::Button);
        }
    }
    cb.lastsave = Some(iso_ms(last.map_or_else(OffsetDateTime::now_utc, |c| c.at)));
    cb
}

/// `history` of the session: one entry per change.
fn history(shared: &Shared, s: &Snapshot) -> Value {
    let created = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let changes: Vec<Value> = s
        .changes
        .iter()
        .map(|c| {
            json!({
                "documentSha256": s.doc.editor_bin_sha256(),
                "created": c.at.format(&created).unwrap_or_default(),
                "user": {"id": c.user_id, "name": c.user_name},
            })
        })
        .collect();
    json!({"serverVersion": shared.config.server_version(), "changes": changes})
}

/// ISO 8601 with the milliseconds zeroed, as the DS writes `lastsave`.
fn iso_ms(at: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].000Z");
    at.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .unwrap_or_default()
}
