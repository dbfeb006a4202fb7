//! Applying a save from the Document Server (callback status 2, 6, and 3/7 with a result):
//! download the result, then in one transaction append a version to the session's target (or
//! create a conflict copy when the target moved on), record the save so a re-delivery is
//! recognised, and end or keep the session. Only then is the callback acknowledged.
//!
//! Re-deliveries are recognised by key, `lastsave` and the content hash, never by URL: the
//! real server signs fresh `url`/`changesurl` for every retry (protocol notes, Appendix A.2).

use anyhow::Context as _;
use onlyoffice::callback::{Callback, CallbackStatus};

use super::{
    Office, conflicts,
    fetch::{self, FetchError},
};
use crate::{
    app::AppState,
    drive::{files::Source, versions},
    error::Error,
    store::{
        self,
        blobs::StoredBlob,
        entries,
        office::{self, SaveRecord},
        users,
    },
};

/// What a save did.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// A new version of `file_id` (the file itself or its conflict copy).
    Version {
        /// The file written.
        file_id: String,
        /// The version number created.
        version: i64,
    },
    /// This save was applied before: acknowledged again, nothing added.
    AlreadyApplied,
    /// A close after a force-save with no new changes: the session ended, nothing added.
    NotModified,
}

/// Why a save was not applied.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Never worth retrying (unknown key, missing or foreign URL, too large): `{"error":1}`.
    #[error("{0}")]
    Refused(String),
    /// Worth retrying (download, disk, database): HTTP 5xx, which the Document Server retries.
    #[error("{0:#}")]
    Transient(anyhow::Error),
}

impl From<Error> for SaveError {
    fn from(e: Error) -> Self {
        match e {
            Error::Internal(e) => Self::Transient(e),
            other => Self::Transient(anyhow::anyhow!("{other}")),
        }
    }
}

impl From<anyhow::Error> for SaveError {
    fn from(e: anyhow::Error) -> Self {
        Self::Transient(e)
    }
}

impl From<store::Error> for SaveError {
    fn from(e: store::Error) -> Self {
        Self::from(Error::from(e))
    }
}

impl From<FetchError> for SaveError {
    fn from(e: FetchError) -> Self {
        match e {
            FetchError::Transient(e) => Self::Transient(e),
            other => Self::Refused(other.to_string()),
        }
    }
}

/// Applies a callback that carries (or may carry) a saved document.
pub async fn apply(app: &AppState, office: &Office, cb: &Callback) -> Result<Saved, SaveError> {
    let key = cb.key.as_str();
    match office::by_key(&app.store.db, key).await {
        Err(store::Error::NotFound) => {
            return Err(SaveError::Refused(format!("unknown key {key}")));
        }
        other => other?,
    };
    if cb.status == CallbackStatus::MustSave && cb.notmodified == Some(true) {
        end_session(app, key).await?;
        return Ok(Saved::NotModified);
    }
    let url = cb
        .url
        .as_deref()
        .ok_or_else(|| SaveError::Refused("no url in a save".into()))?;
    let limit = app.config.max_upload_bytes;
    let blob = fetch::download(office, &app.store, url, limit).await?;
    let changes = match &cb.changesurl {
        Some(u) => match fetch::download(office, &app.store, u, limit).await {
            Ok(b) => Some(b),
            Err(e) => {
                tracing::warn!(
                    doc.key = key,
                    "keeping the save without its changes archive: {e}"
                );
                None
            }
        },
        None => None,
    };
    // `lastsave` alone is not enough: the server drops its milliseconds, so two saves in one
    // second share it. A retry re-sends the very same result file, so its hash matches.
    let marker = format!(
        "{}|{}",
        cb.lastsave.as_deref().unwrap_or_default(),
        blob.hash
    );
    commit(app, cb, &marker, &blob, changes.as_ref()).await
}

/// Ends a session (status 4, or a close after a force-save without new changes): the next
/// open gets a new key.
pub async fn end_session(app: &AppState, key: &str) -> Result<(), SaveError> {
    let mut tx = app.store.db.begin().await.context("starting transaction")?;
    let s = match office::lock(&mut tx, key).await {
        Err(store::Error::NotFound) => {
            return Err(SaveError::Refused(format!("unknown key {key}")));
        }
        other => other?,
    };
    let now = store::now_ms();
    office::update(&mut tx, key, &s.target_id, s.head_version, false, now).await?;
    tx.commit().await.context("committing session end")?;
    Ok(())
}

/// The Bureau user a callback names (the editor config's `user.id` is the user's id).
async fn author(app: &AppState, cb: &Callback) -> Option<users::User> {
    let id = cb.users.first()?;
    users::by_id(&app.store.db, id).await.ok()
}

async fn commit(
    app: &AppState,
    cb: &Callback,
    marker: &str,
    blob: &StoredBlob,
    changes: Option<&StoredBlob>,
) -> Result<Saved, SaveError> {
    let key = cb.key.as_str();
    let author = author(app, cb).await;
    let author_ref = author
        .as_ref()
        .map(|u| (u.id.as_str(), u.display_name.as_str()));
    let source = match cb.status {
        CallbackStatus::Corrupted | CallbackStatus::CorruptedForceSave => Source::OfficeRecovered,
        _ => Source::OfficeSave,
    };
    let keep_open = !cb.status.ends_session();
    let mut tx = app.store.db.begin().await.context("starting transaction")?;
    let session = office::lock(&mut tx, key).await?;
    if office::applied(&mut tx, key, marker).await?.is_some() {
        if cb.status.ends_session() && session.is_open() {
            let now = store::now_ms();
            office::update(
                &mut tx,
                key,
                &session.target_id,
                session.head_version,
                false,
                now,
            )
            .await?;
        }
        tx.commit().await.context("ending transaction")?;
        return Ok(Saved::AlreadyApplied);
    }
    let target = entries::lock(&mut tx, &session.target_id).await?;
    let (file_id, version) = if target.current_version == Some(session.head_version) {
        let author_id = author_ref.map(|a| a.0);
        let n = versions::append(
            &mut tx,
            &target.id,
            session.head_version,
            blob,
            author_id,
            source,
        )
        .await?;
        (target.id.clone(), n)
    } else {
        (
            conflicts::create_copy(&mut tx, &target, blob, author_ref).await?,
            1,
        )
    };
    let now = store::now_ms();
    office::update(&mut tx, key, &file_id, version, keep_open, now).await?;
    let record = SaveRecord {
        doc_key: key,
        marker,
        status: i64::from(cb.status),
        file_id: &file_id,
        version: Some(version),
        history: cb.history.as_ref().map(ToString::to_string),
        changes_hash: changes.map(|c| c.hash.to_string()),
        now,
    };
    office::record(&mut tx, &record).await?;
    tx.commit().await.context("committing save")?;
    Ok(Saved::Version { file_id, version })
}
