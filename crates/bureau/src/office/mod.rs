//! Editing in ONLYOFFICE Docs: opening a document (signed editor config, editor page), the
//! Document Server's download of `document.url`, its callbacks (saves, force-saves, conflicts)
//! and the document keys that tie them together. Protocol facts and their sources are in
//! `../shared/onlyoffice-protocol.md`; the `onlyoffice` crate speaks the wire format.

pub mod callback;
pub mod conflicts;
pub mod connection;
pub mod convert;
pub mod converter;
pub mod dns_guard;
pub mod documents;
pub mod download;
pub mod download_as;
pub mod editor_page;
pub mod fetch;
pub mod forcesave;
pub mod forgotten;
pub mod history;
pub mod jobs;
pub mod link_open;
pub mod link_page;
pub mod links;
pub mod local;
pub mod new_document;
pub mod open;
pub mod save;
pub mod sessions;
pub mod settings;
pub mod templates;
pub mod thumbnails;

use std::collections::BTreeSet;

use onlyoffice::{formats::Format, jwt::JwtSettings};
use secrecy::ExposeSecret as _;
use url::Url;

use crate::{config::DocsConfig, error::Error};

/// A connection to ONLYOFFICE Docs, built from the settings in effect ([`settings`]); the one in
/// use is `app.office()`, swapped by [`connection::Connection`] when the settings change.
#[derive(Debug)]
pub struct Office {
    /// Addresses and header name.
    pub docs: DocsConfig,
    /// Bureau as the Document Server reaches it (`document.url`, callbacks).
    pub internal_url: Url,
    /// JWT settings when a secret is configured (JWT is then required both ways).
    pub jwt: Option<JwtSettings>,
    /// Signs `document.url` links.
    pub links: links::LinkSigner,
    /// Client for downloads from the Document Server: no redirects, bounded time.
    pub http: reqwest::Client,
    /// The settings whose value was saved on the admin page rather than configured.
    pub saved: BTreeSet<&'static str>,
    /// Settings under test on the admin page, not saved (and so not what Bureau serves with).
    pub trial: bool,
}

/// How long a `document.url` link stays valid.
pub const LINK_TTL_SECS: i64 = 3600;

impl Office {
    /// The connection `effective` describes, when it has a Document Server address.
    pub fn new(
        effective: settings::Effective,
        links: links::LinkSigner,
        http: reqwest::Client,
    ) -> Option<Self> {
        let docs = effective.docs.resolve()?;
        let internal_url = effective.bureau_url();
        Some(Self {
            saved: effective.saved,
            ..Self::connect(docs, internal_url, links, http)
        })
    }

    /// A connection to the Document Server `docs`, which reaches us back at `internal_url`, with
    /// no setting saved on the admin page (`bureau connector` has its own environment only).
    pub fn connect(
        docs: DocsConfig,
        internal_url: Url,
        links: links::LinkSigner,
        http: reqwest::Client,
    ) -> Self {
        let jwt = docs
            .secret
            .as_ref()
            .map(|s| JwtSettings::new(s.expose_secret().to_owned()));
        Self {
            docs,
            internal_url,
            jwt,
            links,
            http,
            saved: BTreeSet::new(),
            trial: false,
        }
    }

    /// How a fix names a setting (see [`settings::setting_name`]), e.g. `BUREAU_DOCS_SECRET`.
    pub fn setting_name(&self, key: &str) -> String {
        settings::setting_name(key, &self.saved)
    }
}

/// The format of a file the Document Server can open, or 404 `not_an_office_document`.
pub fn office_format(file: &crate::store::entries::Entry) -> Result<&'static Format, Error> {
    Format::by_file_name(&file.name)
        .filter(|f| f.can_view())
        .ok_or(Error::NotFound {
            code: "not_an_office_document",
            what: "office document",
        })
}

/// The error of every office route when no Document Server is configured (Cozy answers 404).
pub fn not_configured() -> Error {
    Error::NotFound {
        code: "office_not_configured",
        what: "ONLYOFFICE Docs server",
    }
}
