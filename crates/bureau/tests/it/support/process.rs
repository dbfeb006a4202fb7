//! The real `bureau` binary: one-shot commands through assert_cmd, and `bureau serve` as a child
//! process that tests can stop gracefully or kill outright.

use std::{
    fs::File,
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, ExitStatus, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context as _, bail};

use super::{ADMIN_PASSWORD, Api, Browser, http_client};

/// `bureau --data-dir DIR`, with no `BUREAU_*` variable inherited from the test environment, killed
/// after a minute (a `serve` that should have failed must not hang the suite).
pub fn bureau(data_dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("bureau").expect("the bureau binary is built");
    clear_bureau_env(|var| {
        cmd.env_remove(var);
    });
    cmd.arg("--data-dir")
        .arg(data_dir)
        .env("BUREAU_LOG", "warn")
        .envs(super::backend::env_of(data_dir))
        .timeout(Duration::from_secs(60));
    cmd
}

fn clear_bureau_env(mut remove: impl FnMut(&str)) {
    for (var, _) in std::env::vars() {
        if var.starts_with("BUREAU_") {
            remove(&var);
        }
    }
}

/// A `bureau serve` child process on its own port.
#[derive(Debug)]
pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    child: Child,
    stderr: PathBuf,
    data_dir: PathBuf,
    env: Vec<(String, String)>,
    port: u16,
    hosts: Option<PathBuf>,
}

impl Server {
    /// Starts `bureau serve` on `data_dir` with extra environment, and waits until `/healthz`
    /// answers. A port taken between choosing and binding it is retried with another one.
    pub async fn start(data_dir: &Path, env: &[(&str, &str)]) -> anyhow::Result<Self> {
        Self::start_with_hosts(data_dir, env, None).await
    }

    /// As [`Server::start`], with `hosts` (lines of an `/etc/hosts` file) seen by the server
    /// only: it runs in its own mount namespace (`unshare`) where they are bind-mounted over
    /// `/etc/hosts`, so names resolve as the test says without touching the machine's file.
    pub async fn start_with_hosts(
        data_dir: &Path,
        env: &[(&str, &str)],
        hosts: Option<&str>,
    ) -> anyhow::Result<Self> {
        std::fs::create_dir_all(data_dir)?;
        let hosts_file = match hosts {
            Some(extra) => {
                let path = data_dir.join("hosts");
                let system = std::fs::read_to_string("/etc/hosts").unwrap_or_default();
                std::fs::write(&path, format!("{system}\n{extra}\n"))?;
                Some(path)
            }
            None => None,
        };
        let mut last_error = None;
        for attempt in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
            let stderr = super::logs::file_name(&format!("serve-{port}-{attempt}"));
            let child = spawn(data_dir, port, env, &stderr, hosts_file.as_deref())?;
            let mut server = Self {
                base: format!("http://127.0.0.1:{port}"),
                child,
                stderr,
                data_dir: data_dir.to_owned(),
                env: env
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
                port,
                hosts: hosts_file.clone(),
            };
            match server.wait_ready().await {
                Ok(()) => return Ok(server),
                Err(e) => last_error = Some(e),
            }
        }
        Err(last_error.unwrap_or_else(|| anyhow::anyhow!("bureau serve did not start")))
    }

    /// Starts `bureau serve` on `data_dir` at a given port: another installation taking over
    /// the address of one that stopped (a restore, a failover).
    pub async fn start_on_port(
        data_dir: &Path,
        port: u16,
        env: &[(&str, &str)],
    ) -> anyhow::Result<Self> {
        std::fs::create_dir_all(data_dir)?;
        let stderr = data_dir.join(format!("serve-{port}.log"));
        let mut server = Self {
            base: format!("http://127.0.0.1:{port}"),
            child: spawn(data_dir, port, env, &stderr, None)?,
            stderr,
            data_dir: data_dir.to_owned(),
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            port,
            hosts: None,
        };
        server.wait_ready().await?;
        Ok(server)
    }

    async fn wait_ready(&mut self) -> anyhow::Result<()> {
        let http = http_client();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                bail!("bureau serve exited with {status}: {}", self.stderr()?);
            }
            let probe = http.get(format!("{}/healthz", self.base)).send().await;
            if probe.is_ok_and(|r| r.status().is_success()) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = self.child.kill();
        bail!(
            "bureau serve did not answer /healthz in 30 s: {}",
            self.stderr()?
        )
    }

    /// Everything the server wrote to standard error so far.
    pub fn stderr(&self) -> anyhow::Result<String> {
        std::fs::read_to_string(&self.stderr).context("reading server stderr")
    }

    /// The process id (for `/proc/<pid>`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL, and wait for the process to be gone.
    pub fn kill(&mut self) -> anyhow::Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }

    /// Starts the server again, after [`Server::kill`], on the same port, data directory and
    /// environment (so URLs handed out before, such as callback URLs, reach it again).
    pub async fn restart(&mut self) -> anyhow::Result<()> {
        let env: Vec<(&str, &str)> = self
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let stderr = super::logs::file_name(&format!("serve-{}-restarted", self.port));
        self.child = spawn(
            &self.data_dir,
            self.port,
            &env,
            &stderr,
            self.hosts.as_deref(),
        )?;
        self.stderr = stderr;
        self.wait_ready().await
    }

    /// Sends a signal (`TERM`, `INT`), and waits (bounded) for the exit status.
    pub async fn signal(&mut self, signal: &str) -> anyhow::Result<ExitStatus> {
        let status = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.child.id().to_string())
            .status()?;
        anyhow::ensure!(status.success(), "kill -{signal} failed");
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                return Ok(status);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!("bureau serve did not stop within 15 s of SIG{signal}")
    }

    /// Starts `bureau serve` on the embedded backend (SQLite + disk in `data_dir`, whatever the
    /// test run selected: these tests look at the disk layout), with the `admin` account's
    /// password set to [`ADMIN_PASSWORD`]; returns the server and admin's API client.
    pub async fn embedded(data_dir: &Path) -> anyhow::Result<(Self, Api)> {
        let server = Self::start(data_dir, &[("BUREAU_ADMIN_PASSWORD", ADMIN_PASSWORD)]).await?;
        let api = server.api("admin", ADMIN_PASSWORD).await?;
        Ok((server, api))
    }

    /// Signs in over HTTP and creates a personal API token.
    pub async fn api(&self, login: &str, password: &str) -> anyhow::Result<Api> {
        let mut browser = Browser::new(&self.base);
        browser.sign_in(login, password).await?;
        browser.create_api("tests").await
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(
    data_dir: &Path,
    port: u16,
    env: &[(&str, &str)],
    stderr: &Path,
    hosts: Option<&Path>,
) -> anyhow::Result<Child> {
    let bin = assert_cmd::cargo::cargo_bin("bureau");
    let mut cmd = match hosts {
        None => std::process::Command::new(bin),
        Some(hosts) => {
            let mut cmd = std::process::Command::new("unshare");
            cmd.args(["--user", "--map-root-user", "--mount", "sh", "-c"])
                .arg(r#"mount --bind "$0" /etc/hosts && exec "$@""#)
                .arg(hosts)
                .arg(bin);
            cmd
        }
    };
    clear_bureau_env(|var| {
        cmd.env_remove(var);
    });
    cmd.arg("--data-dir")
        .arg(data_dir)
        .arg("serve")
        .env("BUREAU_LISTEN", format!("127.0.0.1:{port}"))
        .env("BUREAU_LOG", "info,bureau=debug")
        .envs(super::backend::env_of(data_dir))
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(stderr)?);
    cmd.spawn().context("starting bureau serve")
}
