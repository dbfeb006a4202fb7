//! The connection to ONLYOFFICE Docs in use, swapped at runtime: saving the admin settings
//! rebuilds it at once, and every process re-reads the saved settings every [`REFRESH`] (another
//! process of a cluster may have saved them), so no restart is needed. Requests take the current
//! connection with `app.office()` and keep it until they finish.

use std::{
    sync::{Arc, PoisonError, RwLock},
    time::Duration,
};

use anyhow::Context as _;

use super::{Office, links::LinkSigner, settings::Overrides};
use crate::{
    app::AppState,
    config::Config,
    store::{self, Db, secrets},
};

/// How often each process re-reads the saved settings.
pub const REFRESH: Duration = Duration::from_secs(2);

/// The connection in use and the saved settings it was built from.
#[derive(Debug)]
pub struct Connection {
    state: RwLock<State>,
    /// Serialises re-reads, so a slower one never installs older settings over newer ones.
    refreshing: tokio::sync::Mutex<()>,
    links: LinkSigner,
    http: reqwest::Client,
}

#[derive(Debug, Default)]
struct State {
    overrides: Overrides,
    office: Option<Arc<Office>>,
}

impl Connection {
    /// Connects with the configuration and the saved settings on top.
    pub async fn open(config: &Config, db: &Db) -> anyhow::Result<Self> {
        let key =
            secrets::get_or_create(db, "document_links", || crate::auth::secrets::generate(""))
                .await?;
        let http = super::fetch::client_builder()
            .build()
            .context("building the HTTP client")?;
        let this = Self {
            state: RwLock::default(),
            refreshing: tokio::sync::Mutex::new(()),
            links: LinkSigner::new(key.into_bytes()),
            http,
        };
        let saved = Overrides::load(db)
            .await
            .context("reading the saved settings")?;
        this.install(config, saved);
        Ok(this)
    }

    /// The connection in use, when a Document Server is configured.
    pub fn current(&self) -> Option<Arc<Office>> {
        self.state
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .office
            .clone()
    }

    /// The saved settings in use.
    pub fn overrides(&self) -> Overrides {
        self.state
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .overrides
            .clone()
    }

    /// The signer of Bureau's links for the Document Server (one key per installation).
    pub fn links(&self) -> &LinkSigner {
        &self.links
    }

    /// A connection with `overrides` on top of the configuration, to test settings before they
    /// are saved; the one in use when they are the saved ones.
    pub fn trial(&self, config: &Config, overrides: &Overrides) -> Option<Arc<Office>> {
        if *overrides == self.overrides() {
            return self.current();
        }
        let mut office = self.build(config, overrides)?;
        office.trial = true;
        Some(Arc::new(office))
    }

    /// Re-reads the saved settings and reconnects when they changed; whether they had.
    pub async fn refresh(&self, config: &Config, db: &Db) -> store::Result<bool> {
        let _one_at_a_time = self.refreshing.lock().await;
        let saved = Overrides::load(db).await?;
        if saved == self.overrides() {
            return Ok(false);
        }
        self.install(config, saved);
        Ok(true)
    }

    fn install(&self, config: &Config, overrides: Overrides) {
        let office = self.build(config, &overrides).map(Arc::new);
        *self.state.write().unwrap_or_else(PoisonError::into_inner) = State { overrides, office };
    }

    fn build(&self, config: &Config, overrides: &Overrides) -> Option<Office> {
        let effective = overrides.resolve(config);
        Office::new(effective, self.links.clone(), self.http.clone())
    }
}

/// Keeps `app`'s connection in step with the saved settings: re-reads them every [`REFRESH`]
/// until the application is dropped.
pub fn watch(app: &AppState) {
    let app = Arc::downgrade(&app.0);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(REFRESH);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        loop {
            tick.tick().await;
            let Some(app) = app.upgrade() else {
                return;
            };
            match app.connection.refresh(&app.config, &app.store.db).await {
                Ok(true) => tracing::info!("the ONLYOFFICE Docs settings changed: reconnected"),
                Ok(false) => {}
                Err(e) => tracing::warn!("re-reading the saved settings failed: {e:#}"),
            }
        }
    });
}
