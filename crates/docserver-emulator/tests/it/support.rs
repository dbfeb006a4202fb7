//! A small test host: serves fixtures at `/files/{name}`, records the Document Server's downloads
//! and callbacks, and answers callbacks as told. Plus helpers to start an emulator next to it and
//! to build signed editor configs.

use std::collections::HashMap;
use std::io::Read as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use docserver_emulator::Emulator;
use onlyoffice::jwt::JwtSettings;
use serde_json::{Value, json};

/// The secret shared by the test host and the emulator.
pub const SECRET: &str = "test-secret-0123456789";

/// How the host answers callbacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// HTTP 200 `{"error":0}`.
    Ok,
    /// HTTP 500.
    Http500,
    /// HTTP 200 `{"error":1}`.
    Error1,
    /// HTTP 200 `{"error":0}` after one second.
    Slow,
}

/// One request the host received.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: Value,
}

#[derive(Debug, Default)]
struct HostState {
    callbacks: Mutex<Vec<Received>>,
    downloads: Mutex<Vec<Received>>,
    replies: Mutex<HashMap<i64, Reply>>,
}

/// The running test host.
#[derive(Debug, Clone)]
pub struct Host {
    pub base: String,
    state: Arc<HostState>,
}

impl Host {
    pub async fn spawn() -> anyhow::Result<Self> {
        let state = Arc::new(HostState::default());
        let app = axum::Router::new()
            .route("/files/{name}", get(file))
            .route("/callback", post(callback))
            .with_state(Arc::clone(&state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        tokio::spawn(async move { axum::serve(listener, app).await.ok() });
        Ok(Self { base, state })
    }

    /// Answers callbacks of `status` with `reply`.
    pub fn reply(&self, status: i64, reply: Reply) {
        self.state
            .replies
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(status, reply);
    }

    pub fn callbacks(&self) -> Vec<Received> {
        self.state
            .callbacks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn downloads(&self) -> Vec<Received> {
        self.state
            .downloads
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The statuses of the callbacks received for `key`, in order.
    pub fn statuses(&self, key: &str) -> Vec<i64> {
        self.callbacks()
            .iter()
            .filter(|c| c.body["key"] == key)
            .map(|c| c.body["status"].as_i64().unwrap_or(-1))
            .collect()
    }

    /// Waits until `n` callbacks for `key` arrived.
    pub async fn wait_callbacks(&self, key: &str, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let got: Vec<Received> = self
                .callbacks()
                .into_iter()
                .filter(|c| c.body["key"] == key)
                .collect();
            if got.len() >= n || tokio::time::Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn file_url(&self, name: &str) -> String {
        format!("{}/files/{name}", self.base)
    }

    pub fn callback_url(&self) -> String {
        format!("{}/callback", self.base)
    }
}

async fn file(
    State(s): State<Arc<HostState>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    s.downloads
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Received {
            headers,
            body: Value::Null,
        });
    match std::fs::File::open(fixture(&name)) {
        Ok(mut f) => {
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).ok();
            bytes.into_response()
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn callback(State(s): State<Arc<HostState>>, headers: HeaderMap, body: Bytes) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let status = body["status"].as_i64().unwrap_or(0);
    s.callbacks
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Received { headers, body });
    let reply = s
        .replies
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&status)
        .copied()
        .unwrap_or(Reply::Ok);
    match reply {
        Reply::Ok => axum::Json(json!({"error": 0})).into_response(),
        Reply::Http500 => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        Reply::Error1 => axum::Json(json!({"error": 1})).into_response(),
        Reply::Slow => {
            tokio::time::sleep(Duration::from_secs(1)).await;
            axum::Json(json!({"error": 0})).into_response()
        }
    }
}

/// A shared fixture (never copied into the repo).
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/office")
        .join(name)
}

/// An emulator with JWT on, the test secret and a short save delay.
pub async fn emulator() -> anyhow::Result<Emulator> {
    Ok(Emulator::builder()
        .jwt_secret(SECRET)
        .save_delay(Duration::from_millis(300))
        .spawn()
        .await?)
}

pub fn jwt() -> JwtSettings {
    JwtSettings::new(SECRET)
}

/// A page config for `file` under `key`, as a host builds it, signed whole (token included).
pub fn config(host: &Host, key: &str, file: &str, user: &str) -> Value {
    let ext = file.rsplit('.').next().unwrap_or("docx");
    let mut config = json!({
        "documentType": "word",
        "document": {
            "fileType": ext, "key": key, "title": file, "url": host.file_url(file),
            "permissions": {"edit": true, "download": true},
        },
        "editorConfig": {
            "mode": "edit", "callbackUrl": host.callback_url(),
            "user": {"id": user, "name": format!("User {user}")},
        },
    });
    sign(&mut config);
    config
}

/// (Re)signs `config` into its `token`.
pub fn sign(config: &mut Value) {
    if let Some(object) = config.as_object_mut() {
        object.remove("token");
    }
    let token = jwt().sign(&*config).expect("the test config signs");
    config["token"] = Value::String(token);
}

/// Decodes a JWT's claims without verifying (the tests verify separately).
pub fn claims(token: &str) -> Value {
    use base64::Engine as _;
    let part = token.split('.').nth(1).unwrap_or_default();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .unwrap_or_default();
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

/// Downloads a URL's bytes.
pub async fn get_bytes(url: &str) -> anyhow::Result<(u16, Vec<u8>)> {
    let response = reqwest::get(url).await?;
    let status = response.status().as_u16();
    #[expect(clippy::disallowed_methods, reason = "small test files")]
    let bytes = response.bytes().await?;
    Ok((status, bytes.to_vec()))
}

/// One part of a zip, as text.
pub fn zip_part(bytes: &[u8], name: &str) -> anyhow::Result<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut text = String::new();
    archive.by_name(name)?.read_to_string(&mut text)?;
    Ok(text)
}
