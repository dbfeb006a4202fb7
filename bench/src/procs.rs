//! The processes a benchmark runs: `bureau serve` and the reference nginx, each on its own
//! loopback port and temporary directory, stopped on drop; and their memory, read from `/proc`.

use std::{
    fs,
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context as _, bail};

/// A free loopback port (bound then released: a race with other programs is possible but rare
/// on a benchmark machine).
pub fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Polls `url` until it answers 2xx; returns how long that took from `since`.
pub async fn wait_ready(url: &str, since: Instant, child: &mut Child) -> anyhow::Result<Duration> {
    let http = reqwest::Client::new();
    while since.elapsed() < Duration::from_secs(60) {
        if let Some(status) = child.try_wait()? {
            bail!("{url}: the process exited with {status} before answering");
        }
        if http
            .get(url)
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return Ok(since.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    bail!("{url} did not answer within 60 s")
}

/// Memory figures of one process, in KiB.
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    /// Resident set size now (`VmRSS`).
    pub rss_kib: u64,
    /// Peak resident set size since start or the last [`reset_peak`] (`VmHWM`).
    pub peak_kib: u64,
}

/// Reads `VmRSS` and `VmHWM` of `pid`.
pub fn memory(pid: u32) -> anyhow::Result<Memory> {
    let status = fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    Ok(Memory {
        rss_kib: field("VmRSS:"),
        peak_kib: field("VmHWM:"),
    })
}

/// Resets the peak RSS of `pid` to its current RSS (`echo 5 > /proc/PID/clear_refs`), so a
/// later [`memory`] shows the peak of what happened in between.
pub fn reset_peak(pid: u32) -> anyhow::Result<()> {
    fs::write(format!("/proc/{pid}/clear_refs"), "5").context("resetting the peak RSS")
}

/// The RSS of `pid` plus that of its direct children (nginx's workers), in KiB.
pub fn tree_rss_kib(pid: u32) -> anyhow::Result<u64> {
    let mut total = memory(pid)?.rss_kib;
    for entry in fs::read_dir("/proc")? {
        let Ok(child) = entry?.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(format!("/proc/{child}/stat")) else {
            continue;
        };
        // `pid (comm) state ppid …`: comm may hold spaces, so read after the last ')'.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(pid) {
            total += memory(child).map(|m| m.rss_kib).unwrap_or(0);
        }
    }
    Ok(total)
}

/// A child process killed when dropped.
#[derive(Debug)]
pub struct Running {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// How long it took from spawn to its first successful answer.
    pub startup: Duration,
    child: Child,
}

impl Running {
    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Running {
    /// SIGTERM first: nginx's master stops its workers on it (a SIGKILL would orphan them) and
    /// Bureau shuts down gracefully; SIGKILL after 5 s.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where Bureau keeps its metadata and blobs.
#[derive(Debug, Clone, Default)]
pub struct Backend {
    /// A label for the report: `SQLite + disk` or `PostgreSQL + S3`.
    pub label: String,
    /// `BUREAU_DATABASE_URL`, when not the embedded SQLite.
    pub database_url: Option<String>,
    /// `BUREAU_STORAGE_URL`, when not the local disk.
    pub storage_url: Option<String>,
}

/// The password of the `admin` account of benchmark servers.
pub const ADMIN_PASSWORD: &str = "bench-admin-password";

/// The JWT secret shared by Bureau and the benchmark's Document Server stand-in.
pub const JWT_SECRET: &str = "bench-jwt-secret-0123456789abcdef";

/// Starts `bureau serve` on an empty `data_dir`, with `docs_url` as its Document Server (the
/// reference nginx: Bureau then fetches save results from it), and waits for `/healthz`.
pub async fn bureau(
    bin: &Path,
    data_dir: &Path,
    backend: &Backend,
    docs_url: &str,
) -> anyhow::Result<Running> {
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let mut cmd = Command::new(bin);
    cmd.arg("serve")
        .env("BUREAU_LISTEN", format!("127.0.0.1:{port}"))
        .env("BUREAU_DATA_DIR", data_dir)
        .env("BUREAU_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("BUREAU_DOCS_URL", docs_url)
        .env("BUREAU_DOCS_SECRET", JWT_SECRET)
        .env("BUREAU_MAX_UPLOAD_SIZE", "2G")
        .env("BUREAU_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(fs::File::create(data_dir.join("serve.log"))?);
    if let Some(url) = &backend.database_url {
        cmd.env("BUREAU_DATABASE_URL", url);
    }
    if let Some(url) = &backend.storage_url {
        cmd.env("BUREAU_STORAGE_URL", url);
    }
    let since = Instant::now();
    let mut child = cmd
        .spawn()
        .with_context(|| format!("starting {}", bin.display()))?;
    let startup = wait_ready(&format!("{base}/healthz"), since, &mut child).await?;
    Ok(Running {
        base,
        startup,
        child,
    })
}

/// The reference web server: nginx serving `root` (sendfile, no access log, one worker per
/// core like Bureau's runtime), answering `POST /callback` with `{"error":0}`.
pub async fn nginx(dir: &Path, root: &Path) -> anyhow::Result<Running> {
    let port = free_port()?;
    let conf = dir.join("nginx.conf");
    let temp = dir.join("nginx-temp");
    fs::create_dir_all(&temp)?;
    fs::write(&conf, nginx_conf(port, dir, root, &temp))?;
    let since = Instant::now();
    let mut child = Command::new(nginx_bin()?)
        .arg("-c")
        .arg(&conf)
        .arg("-e")
        .arg(dir.join("nginx-error.log"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting nginx")?;
    let base = format!("http://127.0.0.1:{port}");
    let startup = wait_ready(&format!("{base}/ready.txt"), since, &mut child).await?;
    Ok(Running {
        base,
        startup,
        child,
    })
}

fn nginx_bin() -> anyhow::Result<PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .context("nginx is not installed (bench/run installs nginx-light)")
}

fn nginx_conf(port: u16, dir: &Path, root: &Path, temp: &Path) -> String {
    let (dir, root, temp) = (dir.display(), root.display(), temp.display());
    format!(
        "daemon off;\nworker_processes auto;\npid {dir}/nginx.pid;\n\
         events {{ worker_connections 4096; }}\n\
         http {{\n  access_log off;\n  sendfile on;\n  tcp_nopush on;\n  keepalive_requests 1000000;\n\
           client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n\
           fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n  scgi_temp_path {temp}/scgi;\n\
           types {{ application/json json; text/plain txt; }}\n  default_type application/octet-stream;\n\
           server {{\n    listen 127.0.0.1:{port};\n    root {root};\n\
             location = /callback {{ default_type application/json; return 200 '{{\"error\":0}}'; }}\n\
           }}\n}}\n"
    )
}
