//! Shared test harness: an in-process server on a random port ([`TestApp`]), per-user API
//! clients ([`Api`]), browser-like cookie sessions ([`Browser`]), the office fixtures, and the
//! real `bureau` binary ([`process`]).

pub mod process;

use std::{
    io::Read as _,
    path::{Path, PathBuf},
    sync::Once,
    time::Duration,
};

use anyhow::{Context as _, ensure};
use bureau::{
    app::AppState,
    auth::{accounts, api::issue_token},
    config::{Config, Sources},
    store::users,
};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use secrecy::SecretString;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use tempfile::TempDir;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

/// Password of the `admin` account every [`TestApp`] starts with.
pub const ADMIN_PASSWORD: &str = "admin-secret-pw";

/// The password [`TestApp::user`] gives an account.
pub fn password_of(login: &str) -> String {
    format!("{login}-secret-pw")
}

/// Logs to the test writer when `TEST_LOG` is set; quiet otherwise.
fn init_tracing() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter("debug,sqlx=warn,hyper=info")
                .with_test_writer()
                .try_init();
        }
    });
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
        init_tracing();
        let dir = tempfile::tempdir()?;
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let mut sources = Sources::default()
            .with_flag("data_dir", Some(dir.path().display().to_string()))
            .with_flag("listen", Some(addr.to_string()))
            .with_flag("admin_password", Some(ADMIN_PASSWORD.into()))
            .with_flag("max_upload_size", Some("16MiB".into()));
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
        Browser {
            http: http_client(),
            base: self.base.clone(),
            csrf: None,
        }
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

/// One user's view of the API, authenticated with a personal token.
#[derive(Debug, Clone)]
pub struct Api {
    /// The account id.
    pub user_id: String,
    /// The personal API token.
    pub token: String,
    http: reqwest::Client,
    base: String,
}

impl Api {
    async fn for_login(base: &str, state: &AppState, login: &str) -> anyhow::Result<Self> {
        let user = users::by_login(&state.store.db, login).await?;
        let (_, token) = issue_token(&state.store, &user.id, "tests")
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(Self {
            user_id: user.id,
            token,
            http: http_client(),
            base: base.to_owned(),
        })
    }

    /// A request to `path` (under the server root) with this user's token.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    /// Sends a JSON body.
    pub async fn send_json(
        &self,
        method: Method,
        path: &str,
        body: Value,
    ) -> anyhow::Result<Response> {
        Ok(self.request(method, path).json(&body).send().await?)
    }

    /// `GET path`, expecting 200 and JSON.
    pub async fn get_json(&self, path: &str) -> anyhow::Result<Value> {
        json_with(self.get(path).send().await?, 200).await
    }

    /// `POST /api/v1/files` into a folder (the root when `None`); the raw response.
    pub async fn upload_to(
        &self,
        parent: Option<&str>,
        name: &str,
        body: impl Into<reqwest::Body>,
    ) -> anyhow::Result<Response> {
        let mut query = vec![("name", name)];
        if let Some(parent) = parent {
            query.push(("parent_id", parent));
        }
        let request = self.request(Method::POST, "/api/v1/files").query(&query);
        Ok(request.body(body).send().await?)
    }

    /// Uploads into a folder (the root when `None`), expecting 201; the new entry.
    pub async fn upload_in(
        &self,
        parent: Option<&str>,
        name: &str,
        body: impl Into<reqwest::Body>,
    ) -> anyhow::Result<Value> {
        json_with(self.upload_to(parent, name, body).await?, 201).await
    }

    /// Uploads into the root, expecting 201; the new entry.
    pub async fn upload(
        &self,
        name: &str,
        body: impl Into<reqwest::Body>,
    ) -> anyhow::Result<Value> {
        self.upload_in(None, name, body).await
    }

    /// `PUT /api/v1/files/:id/content`, expecting 200; the updated entry.
    pub async fn replace(&self, id: &str, body: impl Into<reqwest::Body>) -> anyhow::Result<Value> {
        let path = format!("/api/v1/files/{id}/content");
        json_with(
            self.request(Method::PUT, &path).body(body).send().await?,
            200,
        )
        .await
    }

    /// The current content of a file, expecting 200.
    pub async fn download(&self, id: &str) -> anyhow::Result<Vec<u8>> {
        let response = self
            .get(&format!("/api/v1/files/{id}/content"))
            .send()
            .await?;
        ensure!(
            response.status() == StatusCode::OK,
            "download: {}",
            response.status()
        );
        body_bytes(response).await
    }

    /// Creates a folder (in the root when `parent` is `None`), expecting 201.
    pub async fn mkdir(&self, parent: Option<&str>, name: &str) -> anyhow::Result<Value> {
        let body = json!({"name": name, "parent_id": parent});
        json_with(
            self.send_json(Method::POST, "/api/v1/folders", body)
                .await?,
            201,
        )
        .await
    }

    /// The names of a folder's live children (`root` for the root).
    pub async fn child_names(&self, folder: &str) -> anyhow::Result<Vec<String>> {
        let listing = self.get_json(&format!("/api/v1/folders/{folder}")).await?;
        let children = listing["children"].as_array().context("no children")?;
        children.iter().map(|c| field(c, "name")).collect()
    }

    /// The names of the entries in the trash.
    pub async fn trash_names(&self) -> anyhow::Result<Vec<String>> {
        let listing = self.get_json("/api/v1/trash").await?;
        let entries = listing["entries"].as_array().context("no entries")?;
        entries.iter().map(|c| field(c, "name")).collect()
    }
}

/// A browser-like client: a cookie jar and the CSRF token of its session.
#[derive(Debug)]
pub struct Browser {
    /// The cookie-keeping client.
    pub http: reqwest::Client,
    base: String,
    /// The CSRF token returned by the last successful login.
    pub csrf: Option<String>,
}

impl Browser {
    /// A request to `path`, with cookies but without the CSRF header.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    /// A write request carrying the session's CSRF token.
    pub fn write(&self, method: Method, path: &str) -> RequestBuilder {
        let request = self.request(method, path);
        match &self.csrf {
            Some(token) => request.header("X-CSRF-Token", token),
            None => request,
        }
    }

    /// `POST /api/v1/auth/login`; remembers the CSRF token on success.
    pub async fn login(&mut self, login: &str, password: &str) -> anyhow::Result<Response> {
        let body = json!({"login": login, "password": password});
        let response = self
            .request(Method::POST, "/api/v1/auth/login")
            .json(&body)
            .send()
            .await?;
        Ok(response)
    }

    /// Logs in, expecting success; returns the `Set-Cookie` header.
    pub async fn sign_in(&mut self, login: &str, password: &str) -> anyhow::Result<String> {
        let response = self.login(login, password).await?;
        let cookie = response
            .headers()
            .get("set-cookie")
            .context("no Set-Cookie")?
            .to_str()?
            .to_owned();
        let body = json_with(response, 200).await?;
        self.csrf = Some(field(&body, "csrf_token")?);
        Ok(cookie)
    }
}
