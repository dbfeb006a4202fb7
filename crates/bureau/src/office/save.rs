//! Applying a save from the Document Server (callback status 2, 6, and 3/7 with a result): a
//! key the documents' home does not know is refused, a close after a force-save without new
//! changes just ends the session, and otherwise the result is fetched from the Document Server
//! (only from it, see [`fetch`]) and streamed to where the documents live, which stores it as a
//! version or a conflict copy and recognises a re-delivery ([`Documents::save`]). Only then is
//! the callback acknowledged.
//!
//! [`Documents::save`]: super::documents::Documents::save

use futures_util::{StreamExt as _, TryStreamExt as _};
use onlyoffice::callback::{Callback, CallbackStatus};

use super::{
    documents::{Editing, Upload},
    fetch::{self, FetchError},
};
use crate::{error::Error, store};

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

/// Why a save was not applied. All but [`SaveError::Transient`] are final: the Document Server
/// is told `{"error":1}` and does not retry.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// No editing session has this key.
    #[error("unknown key {0}")]
    UnknownKey(String),
    /// The document is larger than the limit.
    #[error("the document is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Never worth retrying (missing or foreign URL, a refusal of the documents' home).
    #[error("{0}")]
    Refused(String),
    /// Worth retrying (download, disk, database, backend): HTTP 5xx, which the Document Server
    /// retries.
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
            FetchError::TooLarge { limit } => Self::TooLarge { limit },
            other => Self::Refused(other.to_string()),
        }
    }
}

/// Applies a callback that carries (or may carry) a saved document.
pub async fn apply(editing: &Editing, cb: &Callback) -> Result<Saved, SaveError> {
    let key = cb.key.as_str();
    let documents = &editing.documents;
    if !documents.knows(key).await? {
        return Err(SaveError::UnknownKey(key.to_owned()));
    }
    if cb.status == CallbackStatus::MustSave && cb.notmodified == Some(true) {
        documents.end(key).await?;
        return Ok(Saved::NotModified);
    }
    let url = cb
        .url
        .as_deref()
        .ok_or_else(|| SaveError::Refused("no url in a save".into()))?;
    let result = fetch::open(&editing.office, url, editing.max_bytes).await?;
    let upload = Upload {
        key,
        status: cb.status,
        lastsave: cb.lastsave.as_deref(),
        author: cb.users.first().map(String::as_str),
        history: cb.history.as_ref().map(ToString::to_string),
        changes_url: cb.changesurl.as_deref(),
        body: result.bytes_stream().map_err(std::io::Error::other).boxed(),
    };
    documents.save(upload).await
}
