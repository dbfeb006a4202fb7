//! Shared test harness: an in-process server on a random port ([`TestApp`]), per-user API
//! clients ([`Api`]), browser-like cookie sessions ([`Browser`]), the office fixtures, and the
//! real `bureau` binary ([`process`]).

pub mod backend;
mod clients;
pub mod logs;
pub mod process;

pub use clients::{Api, Browser};

use std::{
    io::Read as _,
    path::{Path, PathBuf},
    time::Duration,
};

use anyhow::{Context as _, ensure};
use bureau::{
    app::AppState,
    auth::accounts,
    config::{Config, Sources},
    store::users,
};
use reqwest::Response;
use secrecy::SecretString;
use serde_json::Value;
use sha2::{Digest as _, Sha256};
use tempfile::TempDir;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

/// Password of the `admin` account every [`TestApp`] starts with.
pub const ADMIN_PASSWORD: &str = "admin-secret-pw";

/// The password [`TestApp::user`] gives an account.
pub fn password_of(login: &str) -> String {
    format!("{login}-secret-pw")
}

/// `shared/fixtures/office`, next to the repository (never copied into it).
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/office")
}

/// Reads a whole (small) file.
pub fn read_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .with_context(|| format!("reading {}", path.display()))?;
    Ok(bytes)
}

/// SHA-256 as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// `n` bytes of a recognisable, non-repeating-at-small-scale pattern.
pub fn pattern(n: usize, seed: u8) -> Vec<u8> {
    (0..n)
        .map(|i| u8::try_from((i * 31 + i / 251) % 256).unwrap_or(0) ^ seed)
        .collect()
}

/// Reads a response body chunk by chunk.
pub async fn body_bytes(mut response: Response) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    while let Some(chunk) = response.chunk().await.context("reading body")? {
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// Checks the status and returns the JSON body.
pub async fn json_with(response: Response, status: u16) -> anyhow::Result<Value> {
    let actual = response.status();
    let url = response.url().path().to_owned();
    let text = response.text().await?;
    ensure!(
        actual.as_u16() == status,
        "{url}: expected {status}, got {actual}: {text}"
    );
    serde_json::from_str(&text).with_context(|| format!("{url}: not JSON: {text}"))
}

/// Checks a response is the JSON error envelope with this status and code.
pub async fn expect_error(response: Response, status: u16, code: &str) -> anyhow::Result<()> {
    let body = json_with(response, status).await?;
    let error = &body["errors"][0];
    ensure!(
        error["status"].as_str() == Some(status.to_string().as_str()) && error["code"] == code,
        "expected {status} {code}, got {body}"
    );
    ensure!(error["detail"].is_string(), "no detail in {body}");
    Ok(())
}

/// A string field of a JSON value.
pub fn field(value: &Value, name: &str) -> anyhow::Result<String> {
    value[name]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no string '{name}' in {value}"))
}

/// A reqwest client that keeps cookies and never follows redirects.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("building reqwest client")
}

/// The server, in process, on its own random port and temporary data directory.
#[derive(Debug)]
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// The application state the server runs on (for set-up that has no HTTP route).
    pub state: AppState,
    /// The `admin` account.
    pub admin: Api,
    dir: TempDir,
    /// The test's database and blob store (the database is dropped with the app).
    backend: backend::Provisioned,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestApp {
    /// Starts a server with the default test settings.
    pub async fn spawn() -> anyhow::Result<Self> {
        Self::spawn_with(&[]).await
    }

    /// Starts a server with extra settings, given as config keys and values.
    pub async fn spawn_with(settings: &[(&str, &str)]) -> anyhow::Result<Self> {
        logs::init();
        let dir = tempfile::tempdir()?;
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let mut sources = Sources::default()
            .with_flag("data_dir", Some(dir.path().display().to_string()))
            .with_flag("listen", Some(addr.to_string()))
            .with_flag("admin_password", Some(ADMIN_PASSWORD.into()))
            .with_flag("max_upload_size", Some("16MiB".into()));
        let backend = backend::provision().await?;
        backend.write_env(dir.path())?;
        for (key, value) in &backend.settings {
            sources = sources.with_flag(key, Some(value.clone()));
        }
        for (key, value) in settings {
            sources = sources.with_flag(key, Some((*value).to_owned()));
        }
        let state = bureau::startup::build(Config::from_sources(&sources)?).await?;
        let (tx, rx) = oneshot::channel::<()>();
        let server = tokio::spawn(bureau::serve(listener, state.clone(), async {
            let _ = rx.await;
        }));
        let base = format!("http://{addr}");
        let admin = Api::for_login(&base, &state, "admin").await?;
        Ok(Self {
            base,
            state,
            admin,
            dir,
            backend,
            shutdown: Some(tx),
            server: Some(server),
        })
    }

    /// The absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The data directory (database and blobs).
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// Settings that put another server on this one's database and blob store (a cluster).
    pub fn store_settings(&self) -> Vec<(&'static str, String)> {
        self.backend.store_settings(self.dir.path())
    }

    /// Creates a (non-admin) account with [`password_of`] and an API token for it.
    pub async fn user(&self, login: &str) -> anyhow::Result<Api> {
        let parsed = accounts::Login::parse(login).map_err(|e| anyhow::anyhow!("{e}"))?;
        let password = SecretString::from(password_of(login));
        accounts::create_user(&self.state.store, &parsed, &password, false)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Api::for_login(&self.base, &self.state, login).await
    }

    /// Disables or enables an account (what `bureau user disable` does).
    pub async fn set_disabled(&self, api: &Api, disabled: bool) -> anyhow::Result<()> {
        users::set_disabled(&self.state.store.db, &api.user_id, disabled).await?;
        if disabled {
            bureau::store::sessions::delete_for_user(&self.state.store.db, &api.user_id).await?;
        }
        Ok(())
    }

    /// A fresh browser: its own cookie jar, signed in as nobody.
    pub fn browser(&self) -> Browser {
        Browser::new(&self.base)
    }

    /// Stops the server gracefully and checks nothing was left behind.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            tokio::time::timeout(Duration::from_secs(10), server)
                .await
                .context("server did not shut down")???;
        }
        let temp = self.state.store.blobs.temp_count().await?;
        ensure!(temp == 0, "{temp} temporary blob(s) left behind");
        Ok(())
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
