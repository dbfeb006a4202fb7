//! A small WebDriver client for headless Debian Chromium: starts `chromedriver` on a free port,
//! opens a session with the launch flags this machine needs, and offers what the browser tests
//! use (navigate, find, click, type, frames, scripts, screenshots). Every step can keep a
//! screenshot; a failed test writes them to `target/test-artifacts/<test>/`.

use std::{
    net::TcpListener,
    path::Path,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context as _, bail, ensure};
use serde_json::{Value, json};
use tempfile::TempDir;

mod steps;

/// The key of an element reference in the WebDriver protocol.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long a wait lasts unless told otherwise.
pub const WAIT: Duration = Duration::from_secs(30);

/// A running headless Chromium under chromedriver, with its own profile and download folder.
#[derive(Debug)]
pub struct Chrome {
    http: reqwest::Client,
    session: String,
    driver: Child,
    /// Where downloads land.
    pub downloads: TempDir,
    profile: TempDir,
    steps: Vec<(String, Vec<u8>)>,
}

impl Chrome {
    /// Starts Chromium; `lang` sets its UI language and `Accept-Language`.
    pub async fn start(lang: &str) -> anyhow::Result<Self> {
        for tool in [CHROMIUM, CHROMEDRIVER] {
            ensure!(
                Path::new(tool).exists(),
                "{tool} is missing: the browser tests need headless Chromium and chromedriver; \
                 install them with scripts/setup/chromium.sh"
            );
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting chromedriver (scripts/setup/chromium.sh installs it)")?;
        let profile = tempfile::tempdir()?;
        let downloads = tempfile::tempdir()?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?;
        let base = format!("http://127.0.0.1:{port}");
        let mut chrome = Self {
            http,
            session: base.clone(),
            driver,
            downloads,
            profile,
            steps: Vec::new(),
        };
        chrome.wait_ready(&base).await?;
        let capabilities = chrome.capabilities(lang);
        let created = chrome.call("POST", "/session", capabilities).await?;
        let id = created["sessionId"].as_str().context("no session id")?;
        chrome.session = format!("{base}/session/{id}");
        Ok(chrome)
    }

    async fn wait_ready(&self, base: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(r) = self.http.get(format!("{base}/status")).send().await
                && r.status().is_success()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("chromedriver did not answer on {base}")
    }

    fn capabilities(&self, lang: &str) -> Value {
        let binary = if Path::new("/usr/lib/chromium/chromium").exists() {
            "/usr/lib/chromium/chromium"
        } else {
            CHROMIUM
        };
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,900",
        ];
        let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        args.push(format!("--user-data-dir={}", self.profile.path().display()));
        args.push(format!("--lang={lang}"));
        json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": args,
                "prefs": {
                    "intl.accept_languages": lang,
                    "download.default_directory": self.downloads.path(),
                    "download.prompt_for_download": false,
                },
            },
        }}})
    }

    /// One WebDriver command: `path` is relative to chromedriver until the session exists, and
    /// to the session after.
    async fn call(&self, method: &str, path: &str, body: Value) -> anyhow::Result<Value> {
        let url = format!("{}{path}", self.session);
        let request = match method {
            "GET" => self.http.get(&url),
            "DELETE" => self.http.delete(&url),
            _ => self.http.post(&url).json(&body),
        };
        let response = request
            .send()
            .await
            .with_context(|| format!("{method} {path}"))?;
        let status = response.status();
        let value: Value = response
            .json()
            .await
            .with_context(|| format!("{method} {path}"))?;
        ensure!(
            status.is_success(),
            "{method} {path}: {status}: {}",
            value["value"]
        );
        Ok(value.get("value").cloned().unwrap_or(Value::Null))
    }

    /// Opens a URL.
    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.call("POST", "/url", json!({ "url": url }))
            .await
            .map(drop)
    }

    /// The current URL.
    pub async fn url(&self) -> anyhow::Result<String> {
        let value = self.call("GET", "/url", Value::Null).await?;
        value.as_str().map(str::to_owned).context("url")
    }

    /// Runs a script (its `arguments` are `args`) and returns what it returns.
    pub async fn js(&self, script: &str, args: Value) -> anyhow::Result<Value> {
        self.call(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": args }),
        )
        .await
    }

    async fn find(&self, css: &str) -> anyhow::Result<Option<String>> {
        let body = json!({ "using": "css selector", "value": css });
        let found = self.call("POST", "/elements", body).await?;
        Ok(found
            .as_array()
            .and_then(|all| all.first())
            .and_then(|e| e[ELEMENT].as_str())
            .map(str::to_owned))
    }

    /// Waits until an element matches `css`; returns its reference.
    pub async fn wait_for(&self, css: &str) -> anyhow::Result<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(id) = self.find(css).await? {
                return Ok(id);
            }
            ensure!(Instant::now() < deadline, "no element matches {css}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `script` (a function body) returns something other than `null`/`false`,
    /// and returns it.
    pub async fn wait_until(&self, what: &str, script: &str, args: Value) -> anyhow::Result<Value> {
        let deadline = Instant::now() + WAIT;
        loop {
            let value = self.js(script, args.clone()).await?;
            if !value.is_null() && value != Value::Bool(false) {
                return Ok(value);
            }
            ensure!(
                Instant::now() < deadline,
                "timed out waiting for {what} (last: {value})"
            );
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Clicks the element matching `css`, once it exists.
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        let id = self.wait_for(css).await?;
        self.call("POST", &format!("/element/{id}/click"), json!({}))
            .await
            .map(drop)
    }

    /// Types into the element matching `css` (a file input takes a path).
    pub async fn type_into(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let id = self.wait_for(css).await?;
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            json!({ "text": text }),
        )
        .await
        .map(drop)
    }

    /// The visible text of the element matching `css`.
    pub async fn text(&self, css: &str) -> anyhow::Result<String> {
        let id = self.wait_for(css).await?;
        let value = self
            .call("GET", &format!("/element/{id}/text"), Value::Null)
            .await?;
        value.as_str().map(str::to_owned).context("text")
    }

    /// Switches into the iframe matching `css`, or back to the page with `None`.
    pub async fn frame(&self, css: Option<&str>) -> anyhow::Result<()> {
        let id = match css {
            Some(css) => json!({ ELEMENT: self.wait_for(css).await? }),
            None => Value::Null,
        };
        self.call("POST", "/frame", json!({ "id": id }))
            .await
            .map(drop)
    }
}

impl Drop for Chrome {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
