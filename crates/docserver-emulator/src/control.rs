//! The scripted control API: what a test (or the emulated browser editor) does to the emulated
//! Document Server. The same operations are served over HTTP under `/control` (see
//! `control_routes.rs`; routes listed in the README).

use std::sync::Arc;
use std::time::Duration;

use onlyoffice::command::CommandErrorCode;
use serde::Serialize;
use serde_json::Value;

use crate::callbacks::CallbackRecord;
use crate::faults::Faults;
use crate::open::{self, OpenError};
use crate::saving::{self, Trigger};
use crate::session::{self, DocState, Event, Joined, Participant};
use crate::state::{Shared, lock};

/// A control operation that failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ControlError {
    /// The editor could not open the document (the DS's error code and description).
    #[error("open refused: {0}")]
    Open(#[from] OpenError),
    /// No such connection (never opened, or closed).
    #[error("unknown connection {0}")]
    UnknownConnection(String),
    /// The operation is not allowed on this connection.
    #[error("{0}")]
    NotAllowed(&'static str),
    /// The Document Server answered a save request with this Command service error.
    #[error("save refused: {0}")]
    Save(CommandErrorCode),
    /// Nothing matching arrived in time.
    #[error("timed out waiting for {0}")]
    Timeout(String),
}

/// One document the emulator holds, as the control API shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SessionInfo {
    /// `document.key`.
    pub key: String,
    /// `document.title`.
    pub title: String,
    /// Source extension.
    pub file_type: String,
    /// `word`, `cell`, `slide` or `pdf`.
    pub document_type: &'static str,
    /// `open` or `updateversion` (spent key).
    pub state: &'static str,
    /// Connections, in join order.
    pub participants: Vec<Participant>,
    /// Editor ids (what status 1 reports as `users`).
    pub users: Vec<String>,
    /// Number of edits in the session.
    pub changes: usize,
    /// Edits not covered by a force-save.
    pub unsaved_changes: usize,
    /// Opened from a forgotten file.
    pub from_forgotten: bool,
}

/// What a browser editor polls: the document, who is there and the events since `after`.
#[derive(Debug, Clone, Serialize)]
pub struct ConnectionView {
    /// The document key.
    pub key: String,
    /// The current title.
    pub title: String,
    /// Whether this connection is still open.
    pub connected: bool,
    /// Everyone connected: `{id, name, editor}`.
    pub users: Vec<Value>,
    /// Edits not yet force-saved (the editor's "unsaved changes" state).
    pub unsaved_changes: usize,
    /// Events after the requested sequence number.
    pub events: Vec<Event>,
}

/// A handle on a running emulator's control API. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Control {
    pub(crate) shared: Arc<Shared>,
}

impl Control {
    /// Opens a document as the browser does with `new DocsAPI.DocEditor(id, config)`: `config`
    /// is the page's editor config including its `token`.
    pub async fn open(&self, config: &Value) -> Result<Joined, ControlError> {
        let eff = open::validate(&self.shared, config)?;
        Ok(session::join(&self.shared, eff).await?)
    }

    /// Types `text` in the editor of `connection` (a paragraph, a cell or a slide text box).
    pub fn edit(&self, connection: &str, text: &str) -> Result<(), ControlError> {
        session::edit(&self.shared, connection, text).map_err(|e| self.map(connection, e))
    }

    /// Clicks the Save button: status 6 with `forcesavetype` 1 when the page config has
    /// `customization.forcesave: true`; otherwise, as on the DS, no callback.
    pub fn save(&self, connection: &str) -> Result<(), ControlError> {
        let (key, participant) = self.participant(connection)?;
        if !participant.editor {
            return Err(ControlError::NotAllowed("the connection is a viewer"));
        }
        if !participant.forcesave_button {
            return Ok(());
        }
        let trigger = Trigger::Button {
            user_id: participant.user_id,
            callback_url: participant.callback_url,
        };
        match saving::force_save(&self.shared, &key, trigger) {
            CommandErrorCode::NoError => Ok(()),
            code => Err(ControlError::Save(code)),
        }
    }

    /// Closes the editor of `connection` (the tab is closed).
    pub fn leave(&self, connection: &str) -> Result<(), ControlError> {
        session::leave(&self.shared, connection).map_err(|e| self.map(connection, e))
    }

    /// Sends the Command service's `forcesave` for `key` (status 6, `forcesavetype` 0).
    pub fn force_save(&self, key: &str, userdata: Option<String>) -> Result<(), ControlError> {
        match saving::force_save(&self.shared, key, Trigger::Command { userdata }) {
            CommandErrorCode::NoError => Ok(()),
            code => Err(ControlError::Save(code)),
        }
    }

    /// The documents held (sessions and cache).
    pub fn sessions(&self) -> Vec<SessionInfo> {
        let docs = lock(&self.shared.docs);
        let mut list: Vec<SessionInfo> = docs
            .values()
            .map(|e| SessionInfo {
                key: e.key.clone(),
                title: e.title.clone(),
                file_type: e.doc.source_ext().to_owned(),
                document_type: e.doc.family().document_type(),
                state: match e.state {
                    DocState::Open => "open",
                    DocState::Saving => "saving",
                    DocState::UpdateVersion(_) => "updateversion",
                },
                participants: e.participants.clone(),
                users: e.editor_ids(),
                changes: e.changes.len(),
                unsaved_changes: e.changes.len() - e.saved_changes,
                from_forgotten: e.from_forgotten,
            })
            .collect();
        list.sort_by(|a, b| a.key.cmp(&b.key));
        list
    }

    /// Keys of the forgotten files.
    pub fn forgotten(&self) -> Vec<String> {
        lock(&self.shared.forgotten).keys().cloned().collect()
    }

    /// Every callback sent so far, with the host's replies.
    pub fn callbacks(&self) -> Vec<CallbackRecord> {
        self.shared.log.all()
    }

    /// Forgets the callback log.
    pub fn clear_callbacks(&self) {
        self.shared.log.clear();
    }

    /// Waits up to `timeout` for a callback with this key and status (already sent or to come).
    pub async fn wait_for_callback(
        &self,
        key: &str,
        status: i64,
        timeout: Duration,
    ) -> Result<CallbackRecord, ControlError> {
        let wait = self
            .shared
            .log
            .wait_for(|r| r.key == key && r.status == status);
        tokio::time::timeout(timeout, wait)
            .await
            .map_err(|_| ControlError::Timeout(format!("status {status} for key {key}")))
    }

    /// How many requests for result files (`url`, `changesurl`, conversion results) with a
    /// valid link arrived so far, served or not: a test can tell a host started a download.
    pub fn result_requests(&self) -> u64 {
        self.shared
            .result_requests
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The fault knobs in force.
    pub fn faults(&self) -> Faults {
        self.shared.faults()
    }

    /// Replaces the fault knobs. A callback still held back by `callback_out_of_order` is
    /// delivered now.
    pub fn set_faults(&self, faults: Faults) {
        *lock(&self.shared.faults) = faults;
        self.shared.reachable.notify_waiters();
        if lock(&self.shared.held).is_some() {
            let shared = Arc::clone(&self.shared);
            tokio::spawn(async move { crate::callbacks::release_held(&shared).await });
        }
    }

    /// What the browser editor of `connection` shows, with the events after `after`.
    pub fn view(&self, connection: &str, after: u64) -> Result<ConnectionView, ControlError> {
        let docs = lock(&self.shared.docs);
        let entry = docs
            .values()
            .find(|e| {
                e.participants.iter().any(|p| p.conn == connection)
                    || e.events
                        .iter()
                        .any(|ev| ev.data["connection"] == connection)
            })
            .ok_or_else(|| ControlError::UnknownConnection(connection.to_owned()))?;
        Ok(ConnectionView {
            key: entry.key.clone(),
            title: entry.title.clone(),
            connected: entry.participants.iter().any(|p| p.conn == connection),
            users: entry
                .participants
                .iter()
                .map(|p| serde_json::json!({"id": p.user_id, "name": p.user_name, "editor": p.editor}))
                .collect(),
            unsaved_changes: entry.changes.len() - entry.saved_changes,
            events: entry.events.iter().filter(|e| e.seq > after).cloned().collect(),
        })
    }

    fn participant(&self, connection: &str) -> Result<(String, Participant), ControlError> {
        let docs = lock(&self.shared.docs);
        docs.values()
            .find_map(|e| {
                e.participants
                    .iter()
                    .find(|p| p.conn == connection)
                    .map(|p| (e.key.clone(), p.clone()))
            })
            .ok_or_else(|| ControlError::UnknownConnection(connection.to_owned()))
    }

    fn map(&self, connection: &str, error: &'static str) -> ControlError {
        if error == "unknown connection" {
            ControlError::UnknownConnection(connection.to_owned())
        } else {
            ControlError::NotAllowed(error)
        }
    }
}
