//! Starting an emulator: [`Emulator::builder`] → [`EmulatorBuilder::spawn`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::config::{Config, RetryPolicy};
use crate::control::Control;
use crate::engine::Engine;
use crate::state::Shared;
use crate::x2t::{X2t, X2tError};

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// x2t is missing or unusable.
    #[error(transparent)]
    X2t(#[from] X2tError),
    /// Binding or serving failed.
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
    /// The configuration is inconsistent.
    #[error("invalid configuration: {0}")]
    Config(String),
}

/// A running emulated Document Server. Dropping it stops the server.
#[derive(Debug)]
pub struct Emulator {
    base_url: url::Url,
    control: Control,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Emulator {
    /// A builder with the DS defaults: JWT on, 5 s save delay, 9.x retries, 100 MiB downloads,
    /// private addresses allowed only from verified tokens, listening on `127.0.0.1:0`.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder {
            config: Config::default(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        }
    }

    /// The base URL (`http://127.0.0.1:PORT/`): `api.js` is at
    /// `web-apps/apps/api/documents/api.js` below it.
    pub fn base_url(&self) -> &url::Url {
        &self.base_url
    }

    /// The control API handle.
    pub fn control(&self) -> Control {
        self.control.clone()
    }

    /// Stops the server (releasing requests held by the `unreachable` fault) and waits for it.
    pub async fn shutdown(mut self) {
        self.control.shared.clear_faults();
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
        (&mut self.task).await.ok();
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.control.shared.clear_faults();
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
    }
}

/// Configures and starts an [`Emulator`].
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    config: Config,
    listen: SocketAddr,
}

impl EmulatorBuilder {
    /// Uses a whole [`Config`].
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// The JWT secret (inbox, outbox and browser).
    pub fn jwt_secret(mut self, secret: impl Into<String>) -> Self {
        self.config.jwt_secret = secret.into();
        self
    }

    /// Turns token checking and signing off (`JWT_ENABLED=false`).
    pub fn jwt_disabled(mut self) -> Self {
        self.config.jwt_enabled = false;
        self
    }

    /// The token header name (default `Authorization`).
    pub fn jwt_header(mut self, header: impl Into<String>) -> Self {
        self.config.jwt_header = header.into();
        self
    }

    /// The delay between the last editor leaving and the save (default 5 s).
    pub fn save_delay(mut self, delay: Duration) -> Self {
        self.config.save_delay = delay;
        self
    }

    /// The status 2/3 retry policy (default 9.x).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.config.retry = policy;
        self
    }

    /// The download size limit (default 100 MiB).
    pub fn max_download_bytes(mut self, bytes: u64) -> Self {
        self.config.max_download_bytes = bytes;
        self
    }

    /// Allows downloads from private addresses even without a verified token.
    pub fn allow_private_ip(mut self, allow: bool) -> Self {
        self.config.allow_private_ip = allow;
        self
    }

    /// The x2t binary (default: `X2T_PATH`, then the `document-builder` Python package).
    pub fn x2t_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.config.x2t_path = Some(path.into());
        self
    }

    /// The origin put into result links (`storage.externalHost`), when hosts reach the
    /// emulator under another address than the one it listens on.
    pub fn public_url(mut self, url: url::Url) -> Self {
        self.config.public_url = Some(url);
        self
    }

    /// How long result links stay valid (default 900 s).
    pub fn url_expires(mut self, valid: Duration) -> Self {
        self.config.url_expires = valid;
        self
    }

    /// How long one callback request may take before it counts as failed (and status 2/3 is
    /// retried; `callbackRequestTimeout`, default 10 min).
    pub fn callback_timeout(mut self, timeout: Duration) -> Self {
        self.config.callback_timeout = timeout;
        self
    }

    /// How long a key stays spent after an accepted save (default 5 min).
    pub fn update_version_window(mut self, window: Duration) -> Self {
        self.config.update_version_window = window;
        self
    }

    /// The version reported by the Command service (`history.serverVersion` is its first three
    /// parts; default `9.0.4.54`).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.config.version = version.into();
        self
    }

    /// The address to listen on (default `127.0.0.1:0`).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Binds, then serves in a background task.
    pub async fn spawn(self) -> Result<Emulator, StartError> {
        let listener = TcpListener::bind(self.listen).await?;
        self.serve_on(listener).await
    }

    /// Serves on an already bound listener.
    pub async fn serve_on(self, listener: TcpListener) -> Result<Emulator, StartError> {
        if self.config.jwt_enabled && self.config.jwt_secret.is_empty() {
            return Err(StartError::Config(
                "JWT is enabled but no secret is set".into(),
            ));
        }
        let x2t = X2t::locate(self.config.x2t_path.as_deref())?;
        let addr = listener.local_addr()?;
        let base_url = match &self.config.public_url {
            Some(url) => url.clone(),
            None => url::Url::parse(&format!("http://{addr}/"))
                .map_err(|e| StartError::Config(e.to_string()))?,
        };
        let shared = Shared::new(self.config, Engine::new(x2t), base_url.clone())?;
        let router = crate::server::router(Arc::clone(&shared));
        let listener = crate::faults::FaultyListener {
            inner: listener,
            shared: Arc::clone(&shared),
        };
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async move {
                stopped.await.ok();
            };
            if let Err(e) = axum::serve(listener, router)
                .with_graceful_shutdown(shutdown)
                .await
            {
                tracing::error!(error = %e, "emulator server failed");
            }
        });
        Ok(Emulator {
            base_url,
            control: Control { shared },
            stop: Some(stop),
            task,
        })
    }
}
