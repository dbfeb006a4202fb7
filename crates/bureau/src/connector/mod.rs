//! `bureau connector`: Bureau's ONLYOFFICE integration as a service of its own, in front of a
//! drive it does not own, the way Twake Drive deploys its ONLYOFFICE connector
//! (`tdrive/connectors/onlyoffice-connector` in linagora/twake-drive). Everything is mounted
//! under `SERVER_PREFIX`: the editor page ([`index`]), the Document Server's download of
//! `document.url` and its callbacks (the very handlers of `bureau serve`, on [`Editing`] with
//! the backend's documents, [`remote`]), the blank files and icon under `assets/`, and
//! [`health`]. The connector holds no file content: it reads and writes through the backend
//! ([`backend`]), which keeps the editing sessions. A periodic sweep uploads the Document
//! Server's forgotten files to the backend. docs/connector.md describes the deployment.

pub mod backend;
pub mod config;
pub mod health;
pub mod index;
pub mod logo;
pub mod manifest;
pub mod remote;

use std::{net::SocketAddr, process::ExitCode, sync::Arc, time::Duration};

use anyhow::Context as _;
use axum::{
    Router,
    extract::{DefaultBodyLimit, FromRef, Path},
    http::header,
    middleware,
    response::{IntoResponse as _, Response},
    routing::{get, post},
};
use hmac::{Hmac, Mac as _};
use secrecy::ExposeSecret as _;
use sha2::Sha256;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

use self::{backend::Backend, config::ConnectorConfig, remote::RemoteDocuments};
use crate::{
    error::{self, Error},
    office::{
        self, Office, documents::Editing, fetch, forgotten, links::LinkSigner,
        templates::TemplateKind,
    },
    telemetry,
};

/// The connector's state: its configuration, the backend client and the editing core.
#[derive(Debug)]
pub struct Connector {
    /// The configuration.
    pub config: ConnectorConfig,
    /// The backend client, shared by every request.
    pub backend: Arc<Backend>,
    /// The Document Server connection with the backend's documents.
    pub editing: Editing,
}

/// Cheap-to-clone handle on [`Connector`], the router's state.
#[derive(Debug, Clone)]
pub struct ConnectorState(pub Arc<Connector>);

impl std::ops::Deref for ConnectorState {
    type Target = Connector;

    fn deref(&self) -> &Connector {
        &self.0
    }
}

impl FromRef<ConnectorState> for Option<Editing> {
    fn from_ref(state: &ConnectorState) -> Self {
        Some(state.editing.clone())
    }
}

/// Builds the connector for a configuration (nothing is contacted yet).
pub fn build(config: ConnectorConfig) -> anyhow::Result<ConnectorState> {
    let backend = Arc::new(Backend::new(&config)?);
    let http = fetch::client_builder()
        .build()
        .context("building the HTTP client")?;
    let links = LinkSigner::new(link_key(&config));
    let office = Office::connect(config.docs.clone(), config.mounted_url(), links, http);
    let editing = Editing {
        office: Arc::new(office),
        documents: Arc::new(RemoteDocuments(backend.clone())),
        max_bytes: config.max_upload_bytes,
    };
    Ok(ConnectorState(Arc::new(Connector {
        config,
        backend,
        editing,
    })))
}

/// The key of `document.url` links: derived from the application secret, so every connector
/// process of one application signs and checks the same links.
fn link_key(config: &ConnectorConfig) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(config.secret.expose_secret().as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(b"bureau connector document links");
    mac.finalize().into_bytes().to_vec()
}

/// Every route, under the configured prefix.
pub fn router(state: ConnectorState) -> Router {
    let p = state.config.prefix.clone();
    let callback =
        post(office::callback::callback).layer(DefaultBodyLimit::max(office::callback::BODY_LIMIT));
    let mut routes = Router::new()
        .route(&p, get(index::index))
        .route(&format!("{p}health"), get(health::health))
        .route(&format!("{p}assets/{{name}}"), get(asset))
        .route(
            &format!("{p}office/{{id}}/content"),
            get(office::download::document),
        )
        .route(&format!("{p}office/callback"), callback);
    if p.len() > 1 {
        routes = routes.route(p.trim_end_matches('/'), get(index::index));
    }
    routes
        .fallback(not_found)
        .with_state(state)
        .layer(middleware::from_fn(error::log_errors))
        .layer(telemetry::trace_layer())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

async fn not_found() -> Error {
    Error::NotFound {
        code: "route_not_found",
        what: "route",
    }
}

/// `GET <prefix>assets/:name`: the blank files of the manifest (`empty.docx`, …), the icon, and
/// the editor page's script and style.
async fn asset(Path(name): Path<String>, headers: http::HeaderMap) -> Result<Response, Error> {
    if let Some((kind, _, _)) = manifest::EMPTY_FILES
        .iter()
        .find(|(kind, _, _)| manifest::empty_file_name(*kind) == name)
    {
        let kind: TemplateKind = *kind;
        let body = office::templates::render(kind);
        return Ok(([(header::CONTENT_TYPE, kind.mime_type())], body).into_response());
    }
    match name.as_str() {
        "logo.png" => Ok(([(header::CONTENT_TYPE, "image/png")], logo::png()).into_response()),
        "editor.js" | "editor.css" => crate::web::assets::serve(Path(name), headers).await,
        _ => Err(Error::NotFound {
            code: "asset_not_found",
            what: "asset",
        }),
    }
}

/// Uploads the Document Server's forgotten files every `forgotten_interval` (no lease: several
/// connector processes may sweep at once, and the backend stores each save once).
fn spawn_sweep(state: &ConnectorState) {
    let interval = state.config.forgotten_interval;
    if interval.is_zero() {
        return;
    }
    let editing = state.editing.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval.max(Duration::from_secs(1)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match forgotten::run_once(&editing).await {
                Ok(r) if r.saved > 0 => tracing::info!(saved = r.saved, "uploaded forgotten files"),
                Ok(_) => {}
                Err(e) => tracing::warn!("the forgotten-file sweep failed: {e:#}"),
            }
        }
    });
}

/// Runs the connector until SIGINT or SIGTERM.
pub async fn run(config: ConnectorConfig) -> anyhow::Result<ExitCode> {
    telemetry::init(&config.log, config.log_format);
    let addr = SocketAddr::new(config.host, config.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} (SERVER_PORT, BUREAU_CONNECTOR_HOST)"))?;
    let state = build(config)?;
    spawn_sweep(&state);
    tracing::info!(
        listen = %addr,
        prefix = %state.config.prefix,
        backend = %state.config.backend,
        app.id = %state.config.id,
        "the connector is ready"
    );
    axum::serve(listener, router(state))
        .with_graceful_shutdown(crate::shutdown_signal())
        .await?;
    Ok(ExitCode::SUCCESS)
}
