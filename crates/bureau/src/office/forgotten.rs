//! Forgotten-file recovery. When the Document Server cannot deliver a final save (Bureau down,
//! every retry failed), it keeps the result as a "forgotten" file and only re-delivers it if the
//! same key is opened again (protocol notes, item 11 and Appendix A.2). This job does not wait
//! for that: it asks for the list (`getForgottenList`), fetches each result (`getForgotten`),
//! stores it like a status-2 save of its key (a new version, or a conflict copy when the file
//! moved on; a save already applied is recognised), then deletes it from the Document Server
//! (`deleteForgotten`). Keys Bureau does not know are left alone.

use std::time::Duration;

use onlyoffice::{
    DocKey,
    callback::{Callback, CallbackStatus},
};

use axum::extract::FromRef as _;

use super::{
    documents::Editing,
    forcesave,
    save::{self, SaveError, Saved},
};
use crate::app::AppState;

/// Name of the job's cluster lease.
pub const FORGOTTEN: &str = "forgotten-recovery";

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Recovered {
    /// Results stored as new versions or conflict copies.
    pub saved: usize,
    /// Results already stored before (deleted from the Document Server all the same).
    pub known: usize,
    /// Forgotten files left on the Document Server (unknown key, or a failure to retry).
    pub left: usize,
}

/// Starts the periodic recovery when an interval is configured; each run uses the connection
/// in use then (none: nothing to do).
pub fn spawn(app: &AppState) {
    let interval = app.config.docs_forgotten_interval;
    if interval.is_zero() {
        return;
    }
    let interval = interval.max(Duration::from_secs(10));
    crate::jobs::every(app, FORGOTTEN, interval, |app| async move {
        let Some(editing) = Option::<Editing>::from_ref(&app) else {
            return;
        };
        match run_once(&editing).await {
            Ok(r) if r.saved > 0 => tracing::info!(saved = r.saved, "recovered forgotten files"),
            Ok(_) => {}
            Err(e) => tracing::error!("forgotten-file recovery failed: {e:#}"),
        }
    });
}

/// Recovers every forgotten file the Document Server holds for a key the documents' home knows
/// (Bureau's store, or the backend of `bureau connector`).
pub async fn run_once(editing: &Editing) -> anyhow::Result<Recovered> {
    let client = forcesave::command_client(&editing.office)?;
    let mut done = Recovered::default();
    for key in client.get_forgotten_list().await? {
        let Ok(key) = DocKey::parse(key.as_str()) else {
            done.left += 1;
            continue;
        };
        let url = client.get_forgotten(&key).await?;
        let mut cb = Callback::new(key.clone(), CallbackStatus::MustSave);
        cb.url = Some(url);
        match save::apply(editing, &cb).await {
            Ok(saved) => {
                if matches!(saved, Saved::Version { .. }) {
                    done.saved += 1;
                } else {
                    done.known += 1;
                }
                client.delete_forgotten(&key).await?;
            }
            Err(SaveError::Transient(e)) => {
                tracing::warn!(
                    doc.key = key.as_str(),
                    "forgotten file not recovered yet: {e:#}"
                );
                done.left += 1;
            }
            Err(why) => {
                tracing::warn!(doc.key = key.as_str(), "leaving a forgotten file: {why}");
                done.left += 1;
            }
        }
    }
    Ok(done)
}
