//! Connector mode end to end, as three parts: `bureau serve` (the drive and its application
//! API) and `bureau connector` under `/plugins/onlyoffice/` as real processes, and the
//! docserver-emulator (real x2t inside). The drive runs on the backend the test run selected
//! (SQLite + disk, or PostgreSQL + S3).

mod editing;
mod faults;
mod security;

use std::{
    fs::File,
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context as _, bail, ensure};
use docserver_emulator::{Emulator, EmulatorBuilder, control::Control};
use reqwest::header::LOCATION;
use serde_json::Value;
use tempfile::TempDir;

use super::{
    office::{SECRET, editor_config_in, settled},
    support::{
        ADMIN_PASSWORD, Api, backend, http_client,
        process::{Server, bureau},
    },
};

/// The connector's mount path, as Twake Drive's example configures it.
pub const PREFIX: &str = "/plugins/onlyoffice/";
/// The application id.
pub const APP_ID: &str = "tdrive_onlyoffice";
/// The application secret the drive and the connector share.
pub const APP_SECRET: &str = "connector-app-secret-not-for-logs";

/// A `bureau connector` child process.
#[derive(Debug)]
pub struct ConnectorProcess {
    /// `http://127.0.0.1:<port>` (no prefix).
    pub base: String,
    child: Child,
    stderr: PathBuf,
}

impl ConnectorProcess {
    /// Starts `bureau connector` with exactly `env` (nothing inherited) on `port`, and waits
    /// until its assets answer.
    pub async fn start(dir: &Path, port: u16, env: &[(String, String)]) -> anyhow::Result<Self> {
        let stderr = dir.join(format!("connector-{port}.log"));
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bureau"))
            .arg("connector")
            .env_clear()
            .env("SERVER_PORT", port.to_string())
            .env("BUREAU_CONNECTOR_HOST", "127.0.0.1")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&stderr)?)
            .spawn()
            .context("starting bureau connector")?;
        let mut process = Self {
            base: format!("http://127.0.0.1:{port}"),
            child,
            stderr,
        };
        let probe = format!("{}{PREFIX}assets/logo.png", process.base);
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(status) = process.child.try_wait()? {
                bail!(
                    "bureau connector exited with {status}: {}",
                    process.stderr()?
                );
            }
            if http_client()
                .get(&probe)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return Ok(process);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = process.child.kill();
        bail!(
            "bureau connector did not answer in 30 s: {}",
            process.stderr()?
        )
    }

    /// The absolute URL of a path under the prefix.
    pub fn url(&self, path: &str) -> String {
        format!("{}{PREFIX}{path}", self.base)
    }

    /// Everything it wrote to standard error so far.
    pub fn stderr(&self) -> anyhow::Result<String> {
        std::fs::read_to_string(&self.stderr).context("reading connector stderr")
    }

    /// `GET <prefix>health`: status and body.
    pub async fn health(&self) -> anyhow::Result<(u16, Value)> {
        let response = http_client().get(self.url("health")).send().await?;
        let status = response.status().as_u16();
        Ok((status, response.json().await?))
    }
}

impl Drop for ConnectorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free port (bound and released: the processes bind it themselves).
pub fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// What a test may change in the three parts.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `bureau serve`'s extra environment.
    pub serve: Vec<(&'static str, String)>,
    /// `bureau connector`'s extra environment.
    pub connector: Vec<(&'static str, String)>,
}

/// The three parts, running.
pub struct ThreeParts {
    /// The emulated Document Server.
    pub emulator: Emulator,
    /// `bureau serve`.
    pub serve: Server,
    /// `bureau connector`.
    pub connector: ConnectorProcess,
    /// The drive's `admin`.
    pub admin: Api,
    /// The drive's data directory.
    pub dir: TempDir,
    _backend: backend::Provisioned,
}

impl ThreeParts {
    /// Starts everything with the defaults.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with(|b| b, Options::default()).await
    }

    /// Starts the emulator (tuned by `tune`), the drive, then the connector.
    pub async fn start_with(
        tune: impl FnOnce(EmulatorBuilder) -> EmulatorBuilder,
        options: Options,
    ) -> anyhow::Result<Self> {
        let builder = Emulator::builder()
            .jwt_secret(SECRET)
            .save_delay(Duration::from_millis(300));
        let emulator = tune(builder)
            .spawn()
            .await
            .context("starting the docserver-emulator (scripts/setup/x2t.sh)")?;
        let dir = tempfile::tempdir()?;
        let provisioned = backend::provision().await?;
        provisioned.write_env(dir.path())?;
        let port = free_port()?;
        let app_url = format!("http://127.0.0.1:{port}{PREFIX}");
        let mut serve_env = vec![
            ("BUREAU_ADMIN_PASSWORD", ADMIN_PASSWORD.to_owned()),
            ("BUREAU_APP_SECRET", APP_SECRET.to_owned()),
            ("BUREAU_APP_URL", app_url),
        ];
        serve_env.extend(options.serve.iter().cloned());
        let serve_env: Vec<(&str, &str)> =
            serve_env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let serve = Server::start(dir.path(), &serve_env).await?;
        let admin = serve.api("admin", ADMIN_PASSWORD).await?;
        let mut env = connector_env(&serve.base, emulator.base_url().as_str());
        env.extend(
            options
                .connector
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone())),
        );
        let connector = ConnectorProcess::start(dir.path(), port, &env).await?;
        Ok(Self {
            emulator,
            serve,
            connector,
            admin,
            dir,
            _backend: provisioned,
        })
    }

    /// The emulator's control API.
    pub fn ds(&self) -> Control {
        self.emulator.control()
    }

    /// Uploads a fixture to the drive as `name`; returns the file id.
    pub async fn upload_fixture(
        &self,
        api: &Api,
        fixture: &str,
        name: &str,
    ) -> anyhow::Result<String> {
        api.upload_fixture_in(None, fixture, name).await
    }

    /// What the browser of `api`'s user is sent to, to open a file through the connector.
    pub async fn launch(&self, api: &Api, file_id: &str, preview: bool) -> anyhow::Result<String> {
        let query = if preview { "?preview=1" } else { "" };
        let response = api
            .get(&format!("/office/{file_id}/connector{query}"))
            .send()
            .await?;
        ensure!(
            response.status() == 303,
            "launch answered {}: {}",
            response.status(),
            response.text().await?
        );
        let location = response.headers().get(LOCATION).context("no Location")?;
        Ok(location.to_str()?.to_owned())
    }

    /// The editor config of the connector's page for a file `api`'s user opens.
    pub async fn page_config(
        &self,
        api: &Api,
        file_id: &str,
        preview: bool,
    ) -> anyhow::Result<Value> {
        let url = self.launch(api, file_id, preview).await?;
        let response = http_client().get(&url).send().await?;
        ensure!(
            response.status() == 200,
            "editor page: {}",
            response.status()
        );
        editor_config_in(&response.text().await?)
    }

    /// Opens a file in the emulated editor through the connector; returns (connection, key).
    pub async fn join(&self, api: &Api, file_id: &str) -> anyhow::Result<(String, String)> {
        let config = self.page_config(api, file_id, false).await?;
        let joined = self.ds().open(&config).await?;
        Ok((joined.connection, joined.key))
    }

    /// Waits for the callback of `key` with `status` and checks the connector accepted it.
    pub async fn accepted(&self, key: &str, status: i64) -> anyhow::Result<()> {
        settled(&self.ds(), key, status).await
    }

    /// Creates a drive account (through the CLI) and signs it in.
    pub async fn user(&self, login: &str) -> anyhow::Result<Api> {
        let password = format!("{login}-secret-pw");
        let out = bureau(self.dir.path())
            .args(["user", "add", login, "--password-stdin"])
            .write_stdin(format!("{password}\n"))
            .output()?;
        ensure!(
            out.status.success(),
            "user add: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.serve.api(login, &password).await
    }
}

/// The connector's environment for a drive at `serve` and a Document Server at `docs`, with
/// Twake Drive's variable names.
pub fn connector_env(serve: &str, docs: &str) -> Vec<(String, String)> {
    let pairs = [
        ("SERVER_PREFIX", PREFIX.to_owned()),
        ("CREDENTIALS_ENDPOINT", format!("{serve}/")),
        ("ONLY_OFFICE_SERVER", docs.to_owned()),
        ("CREDENTIALS_ID", APP_ID.to_owned()),
        ("CREDENTIALS_SECRET", APP_SECRET.to_owned()),
        ("BUREAU_CONNECTOR_DOCS_SECRET", SECRET.to_owned()),
        (
            "BUREAU_CONNECTOR_LOG",
            "debug,hyper=info,h2=info,reqwest=info".to_owned(),
        ),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}
