//! Co-editing sessions keyed by `document.key`, with the DS's cache and key rules (protocol doc
//! §1.7, §3.1, §3.6 and Appendix A.1/A.2):
//!
//! - the first open of a key sends status 1, then downloads `document.url` and converts it to
//!   Editor.bin; later opens of the same key use the cache and download nothing;
//! - editors joining or leaving while others remain give status 1 (`users` = current editors,
//!   `actions` = the join/leave); viewers never trigger callbacks;
//! - the last editor leaving gives status 4 at once when nothing changed, else the save starts
//!   after `savetimeoutdelay` (a rejoin within the delay cancels it), see `saving.rs`;
//! - after an accepted status 2 the key is spent: opening it again answers `updateversion`
//!   ("file version has been changed") for `expire.updateVersionStatus`, then the stale cache opens.

use std::sync::Arc;
use std::time::Instant;

use onlyoffice::callback::{Action, ActionType, Callback, CallbackStatus};
use serde::Serialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::engine::OpenedDocument;
use crate::open::{Effective, OpenError};
use crate::state::{Shared, lock};
use crate::{callbacks, loading};

/// One editor or viewer connection.
#[derive(Debug, Clone, Serialize)]
pub struct Participant {
    /// The connection id.
    pub conn: String,
    /// `editorConfig.user.id`.
    pub user_id: String,
    /// `editorConfig.user.name`.
    pub user_name: String,
    /// Edit mode (viewers never trigger callbacks).
    pub editor: bool,
    /// Its `editorConfig.callbackUrl`.
    #[serde(skip)]
    pub callback_url: Option<String>,
    /// `customization.forcesave`: the Save button sends status 6.
    #[serde(skip)]
    pub forcesave_button: bool,
}

/// One edit.
#[derive(Debug, Clone)]
pub struct Change {
    /// The added text.
    pub text: String,
    /// Who made it.
    pub user_id: String,
    /// Their name.
    pub user_name: String,
    /// When.
    pub at: OffsetDateTime,
}

/// The DB status of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocState {
    /// Open for editing.
    Open,
    /// The final save is being assembled and delivered; opens wait for its outcome.
    Saving,
    /// A save was accepted at this instant: the key is spent.
    UpdateVersion(Instant),
}

/// Something the browser editor of a connection should show.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// Increasing number, for polling.
    pub seq: u64,
    /// `connectState`, `meta`, `drop`, `warning`, `forceSave`, `documentState`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Details.
    pub data: Value,
}

/// A document in the cache, with its co-editing session.
#[derive(Debug)]
pub struct DocEntry {
    /// The key.
    pub key: String,
    /// Editor.bin and friends.
    pub doc: Arc<OpenedDocument>,
    /// `document.title` (changed by `meta`).
    pub title: String,
    /// Open or spent.
    pub state: DocState,
    /// Connections, in join order.
    pub participants: Vec<Participant>,
    /// All edits of the session (kept after a force-save, for `history`).
    pub changes: Vec<Change>,
    /// How many of `changes` the last force-save covered.
    pub saved_changes: usize,
    /// A force-save happened in this session.
    pub forcesaved: bool,
    /// The session was opened from a forgotten file.
    pub from_forgotten: bool,
    /// Bumped by every join: a pending save started under an older generation is cancelled.
    pub generation: u64,
    /// The last callback URL seen.
    pub callback_url: Option<String>,
    /// Counter for result directories (`data/<key>_<n>`).
    pub results: u64,
    /// Events for the connections.
    pub events: Vec<Event>,
}

impl DocEntry {
    /// Ids of the current editors, each once, in join order.
    pub fn editor_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for p in self.participants.iter().filter(|p| p.editor) {
            if !ids.contains(&p.user_id) {
                ids.push(p.user_id.clone());
            }
        }
        ids
    }

    /// Whether there are edits after the last force-save.
    pub fn has_new_changes(&self) -> bool {
        self.changes.len() > self.saved_changes
    }

    /// Adds an event for the connections.
    pub fn push_event(&mut self, kind: &str, data: Value) {
        let seq = self.events.last().map_or(1, |e| e.seq + 1);
        self.events.push(Event {
            seq,
            kind: kind.into(),
            data,
        });
    }

    fn announce_users(&mut self) {
        let users: Vec<Value> = self
            .participants
            .iter()
            .map(|p| json!({"id": p.user_id, "name": p.user_name, "editor": p.editor}))
            .collect();
        self.push_event("connectState", json!({ "users": users }));
    }
}

/// What an open returns to the editor.
#[derive(Debug, Clone, Serialize)]
pub struct Joined {
    /// The connection id, for edit/save/leave.
    pub connection: String,
    /// The document key.
    pub key: String,
    /// `edit` or `view`.
    pub mode: &'static str,
    /// The document title.
    pub title: String,
    /// The source extension.
    pub file_type: String,
    /// `word`, `cell`, `slide` or `pdf`.
    pub document_type: &'static str,
    /// The warning the editor shows, if the status 1 callback failed.
    pub warning: Option<String>,
}

/// The warning editors get when a status 1/4 callback fails (`DocsCoServer.js:1436-1442`).
pub const SUBSCRIPTION_WARNING: &str = "Error on save server subscription!";

/// Builds a status 1 callback.
pub fn status_one(key: &str, users: Vec<String>, action: Option<(ActionType, &str)>) -> Callback {
    let mut cb = Callback::new(crate::open::doc_key(key), CallbackStatus::Editing);
    cb.users = users;
    cb.actions = action
        .map(|(kind, id)| Action {
            kind,
            userid: id.to_owned(),
        })
        .into_iter()
        .collect();
    cb
}

/// Opens (or joins) the session of `eff.key` for one connection.
pub async fn join(shared: &Arc<Shared>, eff: Effective) -> Result<Joined, OpenError> {
    let _serial = shared.open_lock.lock().await;
    let participant = Participant {
        conn: uuid::Uuid::new_v4().simple().to_string(),
        user_id: eff.user_id.clone(),
        user_name: eff.user_name.clone(),
        editor: eff.editor,
        callback_url: eff.callback_url.clone(),
        forcesave_button: eff.forcesave_button,
    };
    let mut cached = join_cached(shared, &eff, &participant)?;
    while let Cached::Busy = cached {
        // The DS answers opens during a save once the save is decided.
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        cached = join_cached(shared, &eff, &participant)?;
    }
    let Cached::Joined(mut joined) = cached else {
        // A first open sends status 1 before downloading (Appendix A.1).
        return loading::open_new(shared, &eff, participant).await;
    };
    if participant.editor
        && let Some(url) = &participant.callback_url
    {
        let ids = lock(&shared.docs)
            .get(&eff.key)
            .map(DocEntry::editor_ids)
            .unwrap_or_default();
        let cb = status_one(
            &eff.key,
            ids,
            Some((ActionType::Connected, &participant.user_id)),
        );
        if callbacks::send(shared, url, &cb, 1).await != callbacks::Outcome::Accepted {
            joined.warning = Some(SUBSCRIPTION_WARNING.into());
        }
    }
    Ok(joined)
}

/// The outcome of looking for a cached key.
enum Cached {
    Joined(Joined),
    Missing,
    Busy,
}

/// Joins a cached key.
fn join_cached(shared: &Shared, eff: &Effective, p: &Participant) -> Result<Cached, OpenError> {
    let mut docs = lock(&shared.docs);
    let Some(entry) = docs.get_mut(&eff.key) else {
        return Ok(Cached::Missing);
    };
    if entry.state == DocState::Saving {
        return Ok(Cached::Busy);
    }
    if let DocState::UpdateVersion(at) = entry.state {
        let spent = at.elapsed() < shared.config.update_version_window;
        if spent && eff.editor {
            return Err(OpenError::update_version());
        }
        if !spent {
            entry.state = DocState::Open;
        }
    }
    if p.editor {
        // An editor coming back during the save delay cancels the pending save.
        entry.generation += 1;
    }
    if p.callback_url.is_some() {
        entry.callback_url.clone_from(&p.callback_url);
    }
    entry.participants.push(p.clone());
    entry.announce_users();
    Ok(Cached::Joined(joined_view(entry, p)))
}

/// The editor's view of a fresh connection.
pub fn joined_view(entry: &DocEntry, p: &Participant) -> Joined {
    Joined {
        connection: p.conn.clone(),
        key: entry.key.clone(),
        mode: if p.editor { "edit" } else { "view" },
        title: entry.title.clone(),
        file_type: entry.doc.source_ext().to_owned(),
        document_type: entry.doc.family().document_type(),
        warning: None,
    }
}

/// Adds an edit by connection `conn`.
pub fn edit(shared: &Shared, conn: &str, text: &str) -> Result<(), &'static str> {
    let mut docs = lock(&shared.docs);
    let entry = docs
        .values_mut()
        .find(|e| e.participants.iter().any(|p| p.conn == conn))
        .ok_or("unknown connection")?;
    let p = entry
        .participants
        .iter()
        .find(|p| p.conn == conn)
        .cloned()
        .ok_or("unknown connection")?;
    if !p.editor {
        return Err("the connection is a viewer");
    }
    if entry.doc.family() == crate::x2t_formats::Family::Pdf {
        return Err("editing PDF files is not emulated");
    }
    entry.changes.push(Change {
        text: text.to_owned(),
        user_id: p.user_id.clone(),
        user_name: p.user_name.clone(),
        at: OffsetDateTime::now_utc(),
    });
    entry.push_event(
        "documentState",
        json!({ "changes": entry.changes.len(), "by": p.user_id }),
    );
    Ok(())
}

/// What happens after a connection left.
enum AfterLeave {
    Nothing,
    Callback(String, Box<Callback>),
    ScheduleSave { generation: u64 },
}

/// Closes connection `conn`: status 1 for the others, status 4 or the delayed save for the last
/// editor (delivered in the background).
pub fn leave(shared: &Arc<Shared>, conn: &str) -> Result<(), &'static str> {
    let (key, leaver, after) = {
        let mut docs = lock(&shared.docs);
        let entry = docs
            .values_mut()
            .find(|e| e.participants.iter().any(|p| p.conn == conn))
            .ok_or("unknown connection")?;
        let at = entry
            .participants
            .iter()
            .position(|p| p.conn == conn)
            .ok_or("unknown connection")?;
        let p = entry.participants.remove(at);
        entry.announce_users();
        (entry.key.clone(), p.user_id.clone(), after_leave(entry, &p))
    };
    let shared = Arc::clone(shared);
    match after {
        AfterLeave::Nothing => {}
        AfterLeave::Callback(url, cb) => {
            tokio::spawn(async move {
                if callbacks::send(&shared, &url, &cb, 1).await != callbacks::Outcome::Accepted
                    && let Some(entry) = lock(&shared.docs).get_mut(&key)
                {
                    entry.push_event(
                        "warning",
                        json!({ "code": -1, "message": SUBSCRIPTION_WARNING }),
                    );
                }
            });
        }
        AfterLeave::ScheduleSave { generation } => {
            tokio::spawn(async move {
                tokio::time::sleep(shared.config.save_delay).await;
                crate::saving::final_save(&shared, &key, generation, &leaver).await;
            });
        }
    }
    Ok(())
}

fn after_leave(entry: &mut DocEntry, p: &Participant) -> AfterLeave {
    if !p.editor {
        return AfterLeave::Nothing;
    }
    let remaining = entry.editor_ids();
    let url = p
        .callback_url
        .clone()
        .or_else(|| entry.callback_url.clone());
    let Some(url) = url else {
        if remaining.is_empty() {
            // Without a callbackUrl the DS silently discards the changes (§0.20).
            entry.changes.clear();
            entry.saved_changes = 0;
        }
        return AfterLeave::Nothing;
    };
    if !remaining.is_empty() {
        let cb = status_one(
            &entry.key,
            remaining,
            Some((ActionType::Disconnected, &p.user_id)),
        );
        return AfterLeave::Callback(url, Box::new(cb));
    }
    if !entry.has_new_changes() && !entry.forcesaved && !entry.from_forgotten {
        let mut cb = Callback::new(crate::open::doc_key(&entry.key), CallbackStatus::Closed);
        cb.actions = vec![Action {
            kind: ActionType::Disconnected,
            userid: p.user_id.clone(),
        }];
        return AfterLeave::Callback(url, Box::new(cb));
    }
    AfterLeave::ScheduleSave {
        generation: entry.generation,
    }
}
