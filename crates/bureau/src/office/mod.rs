//! Editing in ONLYOFFICE Docs: opening a document (signed editor config, editor page), the
//! Document Server's download of `document.url`, its callbacks (saves, force-saves, conflicts)
//! and the document keys that tie them together. Protocol facts and their sources are in
//! `../shared/onlyoffice-protocol.md`; the `onlyoffice` crate speaks the wire format.

pub mod callback;
pub mod conflicts;
pub mod convert;
pub mod converter;
pub mod dns_guard;
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
pub mod new_document;
pub mod open;
pub mod save;
pub mod sessions;
pub mod templates;
pub mod thumbnails;

use std::time::Duration;

use anyhow::Context as _;
use onlyoffice::{formats::Format, jwt::JwtSettings};
use secrecy::ExposeSecret as _;

use crate::{
    config::{Config, DocsConfig},
    error::Error,
    store::{Store, secrets},
};

/// The configured connection to ONLYOFFICE Docs.
#[derive(Debug)]
pub struct Office {
    /// Addresses and header name.
    pub docs: DocsConfig,
    /// JWT settings when a secret is configured (JWT is then required both ways).
    pub jwt: Option<JwtSettings>,
    /// Signs `document.url` links.
    pub links: links::LinkSigner,
    /// Client for downloads from the Document Server: no redirects, bounded time.
    pub http: reqwest::Client,
    /// Period of force-saves of busy sessions (zero: off).
    pub forcesave_interval: Duration,
    /// Period of forgotten-file recovery (zero: off).
    pub forgotten_interval: Duration,
}

/// How long a `document.url` link stays valid.
pub const LINK_TTL_SECS: i64 = 3600;

impl Office {
    /// Builds the connection when `docs_url` is configured.
    pub async fn from_config(config: &Config, store: &Store) -> anyhow::Result<Option<Self>> {
        let Some(docs) = config.docs.clone() else {
            return Ok(None);
        };
        let jwt = docs
            .secret
            .as_ref()
            .map(|s| JwtSettings::new(s.expose_secret().to_owned()));
        let key = secrets::get_or_create(&store.db, "document_links", || {
            crate::auth::secrets::generate("")
        })
        .await?;
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(600))
            .build()
            .context("building the HTTP client")?;
        Ok(Some(Self {
            docs,
            jwt,
            links: links::LinkSigner::new(key.into_bytes()),
            http,
            forcesave_interval: config.docs_forcesave_interval,
            forgotten_interval: config.docs_forgotten_interval,
        }))
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
