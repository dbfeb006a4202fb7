//! The first open of a key: status 1, then the download of `document.url` (or the forgotten file
//! of the key, protocol doc §3.5) and its conversion to Editor.bin with x2t. A file x2t cannot
//! read fails to open, as on the DS; the editor's connection then closes (status 4).

use std::sync::Arc;

use onlyoffice::callback::{Action, ActionType, Callback, CallbackStatus};

use crate::callbacks::{self, Outcome};
use crate::download;
use crate::open::{Effective, OpenError, doc_key};
use crate::session::{DocEntry, DocState, Joined, Participant, SUBSCRIPTION_WARNING, joined_view};
use crate::state::{Shared, lock};

/// Opens a key that is not cached, for `participant`.
pub async fn open_new(
    shared: &Arc<Shared>,
    eff: &Effective,
    participant: Participant,
) -> Result<Joined, OpenError> {
    let callback_url = participant
        .callback_url
        .clone()
        .filter(|_| participant.editor);
    let mut warning = None;
    if let Some(url) = &callback_url {
        let cb = crate::session::status_one(
            &eff.key,
            vec![participant.user_id.clone()],
            Some((ActionType::Connected, &participant.user_id)),
        );
        if callbacks::send(shared, url, &cb, 1).await != Outcome::Accepted {
            warning = Some(SUBSCRIPTION_WARNING.to_owned());
        }
    }
    let loaded = load(shared, eff).await;
    let (doc, from_forgotten, title) = match loaded {
        Ok(loaded) => loaded,
        Err(error) => {
            if let Some(url) = &callback_url {
                let mut cb = Callback::new(doc_key(&eff.key), CallbackStatus::Closed);
                cb.actions = vec![Action {
                    kind: ActionType::Disconnected,
                    userid: participant.user_id.clone(),
                }];
                callbacks::send(shared, url, &cb, 1).await;
            }
            return Err(error);
        }
    };
    let mut entry = DocEntry {
        key: eff.key.clone(),
        doc: Arc::new(doc),
        title,
        state: DocState::Open,
        participants: vec![participant.clone()],
        changes: Vec::new(),
        saved_changes: 0,
        forcesaved: false,
        from_forgotten,
        generation: 0,
        callback_url: participant.callback_url.clone(),
        results: 0,
        events: Vec::new(),
    };
    if from_forgotten {
        entry.push_event(
            "warning",
            serde_json::json!({ "code": -201, "message": "FILE_NOT_ASSEMBLED" }),
        );
    }
    let mut joined = joined_view(&entry, &participant);
    joined.warning = warning;
    lock(&shared.docs).insert(eff.key.clone(), entry);
    Ok(joined)
}

/// Loads the forgotten file of the key, else downloads `document.url`; then x2t → Editor.bin.
async fn load(
    shared: &Shared,
    eff: &Effective,
) -> Result<(crate::engine::OpenedDocument, bool, String), OpenError> {
    let work = tempfile::tempdir().map_err(|e| OpenError {
        code: -1,
        description: e.to_string(),
    })?;
    let forgotten = lock(&shared.forgotten).get(&eff.key).cloned();
    let (path, ext, from_forgotten, title) = match forgotten {
        Some(f) => {
            let path = shared.storage.path_of(&f.rel).ok_or_else(|| OpenError {
                code: -1,
                description: "forgotten file lost".into(),
            })?;
            (path, f.ext, true, f.title)
        }
        None => {
            let path = work.path().join(format!("source.{}", eff.file_type));
            download::fetch(shared, &eff.url, eff.url_verified, &path)
                .await
                .map_err(|e| {
                    let code = if e.ds_code() == -93 { -10 } else { -4 };
                    OpenError {
                        code,
                        description: e.to_string(),
                    }
                })?;
            (path, eff.file_type.clone(), false, eff.title.clone())
        }
    };
    let doc = shared
        .engine
        .open(&path, &ext)
        .await
        .map_err(|e| OpenError {
            code: -3,
            description: format!("{e} (DS error {})", e.ds_code()),
        })?;
    Ok((doc, from_forgotten, title))
}
