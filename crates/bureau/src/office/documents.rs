//! Where the documents being edited live. The editing routes speak the ONLYOFFICE protocol the
//! same way whatever holds the files: the Document Server's download of `document.url`, its
//! callbacks, forgotten-file recovery. [`Documents`] is what they need from the place the files
//! live: Bureau's own store for `bureau serve` ([`super::local`]), or a drive's backend reached
//! through its application API for `bureau connector` (`crate::connector::remote`).

use std::{fmt, io, sync::Arc};

use axum::{
    extract::{FromRef, FromRequestParts},
    http::{HeaderMap, Method, request::Parts},
    response::Response,
};
use bytes::Bytes;
use futures_util::{future::BoxFuture, stream::BoxStream};
use onlyoffice::callback::CallbackStatus;

use super::{
    Office, not_configured,
    save::{SaveError, Saved},
};
use crate::error::{Error, Result};

/// The operations of the editing routes on the files being edited.
pub trait Documents: Send + Sync + fmt::Debug {
    /// Serves version `version` of the document `id` (the Document Server's download of
    /// `document.url`, after its link was checked).
    fn content<'a>(
        &'a self,
        id: &'a str,
        version: i64,
        method: &'a Method,
        headers: &'a HeaderMap,
    ) -> BoxFuture<'a, Result<Response>>;

    /// Whether `key` names an editing session here, open or ended (a save of an ended session
    /// may be a re-delivery to acknowledge).
    fn knows<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<bool, SaveError>>;

    /// Records who edits the session of `key` now (callback status 1).
    fn refresh<'a>(
        &'a self,
        key: &'a str,
        users: &'a [String],
    ) -> BoxFuture<'a, Result<(), SaveError>>;

    /// Ends the session of `key` without a new version (status 4, or a close after a
    /// force-save without changes): the next open gets a new key.
    fn end<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<(), SaveError>>;

    /// Stores a saved document: a new version of the session's file, or a conflict copy when
    /// the file moved on meanwhile; a save already stored is recognised and stored once.
    fn save<'a>(&'a self, upload: Upload<'a>) -> BoxFuture<'a, Result<Saved, SaveError>>;
}

/// A saved document on its way to where the documents live.
pub struct Upload<'a> {
    /// The editing session.
    pub key: &'a str,
    /// The callback status: 2 and 3 end the session, 6 and 7 keep it; 3 and 7 mark the version
    /// as recovered.
    pub status: CallbackStatus,
    /// The Document Server's `lastsave`; with the content hash it recognises a re-delivery.
    pub lastsave: Option<&'a str>,
    /// The author, as the editor config named them.
    pub author: Option<&'a str>,
    /// The callback's `history`, as JSON text.
    pub history: Option<String>,
    /// Where the Document Server serves the save's `changes.zip`.
    pub changes_url: Option<&'a str>,
    /// The document, streamed.
    pub body: BoxStream<'static, io::Result<Bytes>>,
}

impl fmt::Debug for Upload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("key", &self.key)
            .field("status", &self.status)
            .field("lastsave", &self.lastsave)
            .finish_non_exhaustive()
    }
}

/// The editing core of both services: the Document Server connection in use, and where the
/// documents live. Handlers take it as an extractor from any state that provides an
/// `Option<Editing>` (none: `404 office_not_configured`).
#[derive(Debug, Clone)]
pub struct Editing {
    /// The Document Server connection.
    pub office: Arc<Office>,
    /// Where the documents live.
    pub documents: Arc<dyn Documents>,
    /// Largest saved document accepted, in bytes.
    pub max_bytes: u64,
}

impl<S: Send + Sync> FromRequestParts<S> for Editing
where
    Option<Editing>: FromRef<S>,
{
    type Rejection = Error;

    async fn from_request_parts(_: &mut Parts, state: &S) -> Result<Self, Error> {
        Option::<Self>::from_ref(state).ok_or_else(not_configured)
    }
}
