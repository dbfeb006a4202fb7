//! The connector's client of the drive backend's application API, modelled on Twake Drive's
//! (paths in linagora/twake-drive, `tdrive/backend/node/src/services/`): the application logs
//! in with its id and secret (`POST /api/console/v1/login`, `applications-api/web/routes.ts`)
//! and gets a short-lived token, which this client renews once three quarters of its lifetime
//! have passed and again after a 401; with it, it reads items and their content and begins,
//! refreshes, saves into and ends editing sessions (`documents/web/routes.ts`). Bureau's own
//! server implements the same routes (`crate::apps`); docs/connector.md lists what each side
//! adds to Twake's shapes.
//!
//! The secret never leaves this module except in the login request, and no error names it:
//! login failures report the HTTP status only, never a body that might echo the request.

use std::{
    io,
    sync::{Mutex, PoisonError},
    time::{Duration, Instant},
};

use anyhow::Context as _;
use base64::{Engine as _, engine::general_purpose::STANDARD};
use bytes::Bytes;
use futures_util::{StreamExt as _, stream::BoxStream};
use reqwest::{RequestBuilder, StatusCode};
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::{Value, json};
use url::Url;

use super::config::ConnectorConfig;

/// Why a backend call failed.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    /// The item or key does not exist on the backend.
    #[error("the backend does not know this {0}")]
    NotFound(&'static str),
    /// The backend refused the request for good (4xx other than 401 and 404).
    #[error("the backend refused the request (HTTP {status}): {detail}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The backend's explanation.
        detail: String,
    },
    /// The backend is down, failing, or refused the application's credentials: retry later.
    #[error("the backend is unavailable: {0:#}")]
    Unavailable(anyhow::Error),
}

/// An item of the drive as the backend describes it (the fields the connector reads).
#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    /// Its id.
    pub id: String,
    /// Its name, extension included.
    pub name: String,
    /// Whether it is a folder.
    #[serde(default)]
    pub is_directory: bool,
    /// Its current version.
    pub last_version_cache: Option<VersionRef>,
}

/// A version of an item.
#[derive(Debug, Clone, Deserialize)]
pub struct VersionRef {
    /// The version's id (Bureau: its number, as a string).
    pub id: String,
}

/// What beginning an editing session answered.
#[derive(Debug, Clone, Deserialize)]
pub struct Begun {
    /// The key of the session (new, or the live one other editors share).
    #[serde(rename = "editingSessionKey")]
    pub key: String,
    /// The version the session edits (Bureau's addition; Twake's sessions edit the current one).
    pub version_id: Option<String>,
}

/// What an upload into an editing session stored (Bureau's answer; Twake sends none).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Stored {
    /// `version`, or `already_applied` for a re-delivered save.
    pub saved: Option<String>,
    /// The file written: the edited one or its conflict copy.
    pub file_id: Option<String>,
    /// The version created.
    pub version: Option<i64>,
}

/// How a save is passed on to the backend.
#[derive(Debug)]
pub struct Save<'a> {
    /// The editing session.
    pub key: &'a str,
    /// Keep the session open (force-save) or end it.
    pub keep_editing: bool,
    /// The author, as the Document Server names them.
    pub user_id: Option<&'a str>,
    /// The Document Server's callback status (Bureau's addition).
    pub status: i64,
    /// The Document Server's `lastsave` (Bureau's addition: with the content hash, it recognises
    /// a re-delivered save).
    pub lastsave: Option<&'a str>,
    /// The file name of the upload.
    pub name: &'a str,
}

/// The login state, for the health route.
#[derive(Debug, Clone, Default)]
pub struct LoginState {
    /// Successful logins since start.
    pub logins: u64,
    /// Seconds until the current token expires (none: no valid token).
    pub expires_in: Option<u64>,
}

struct Token {
    value: SecretString,
    renew_at: Instant,
    expires_at: Instant,
}

/// The client: one per connector process, shared by every request.
pub struct Backend {
    base: Url,
    id: String,
    secret: SecretString,
    http: reqwest::Client,
    token: tokio::sync::Mutex<Option<Token>>,
    state: Mutex<LoginState>,
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backend")
            .field("base", &self.base.as_str())
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// The login answer, Twake's `{resource: {access_token: {value, time, expiration}}}`.
#[derive(Deserialize)]
struct LoginAnswer {
    resource: LoginResource,
}

#[derive(Deserialize)]
struct LoginResource {
    access_token: AccessToken,
}

#[derive(Deserialize)]
struct AccessToken {
    value: String,
    time: u64,
    expiration: u64,
}

impl Backend {
    /// A client for the configured backend; nothing is sent until the first call.
    pub fn new(config: &ConnectorConfig) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(600))
            .build()
            .context("building the HTTP client")?;
        Ok(Self {
            base: config.backend.clone(),
            id: config.id.clone(),
            secret: config.secret.clone(),
            http,
            token: tokio::sync::Mutex::new(None),
            state: Mutex::new(LoginState::default()),
        })
    }

    /// The login state now.
    pub async fn login_state(&self) -> LoginState {
        let left = self
            .token
            .lock()
            .await
            .as_ref()
            .and_then(|t| t.expires_at.checked_duration_since(Instant::now()));
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        state.expires_in = left.map(|d| d.as_secs());
        state
    }

    /// A valid application token: the current one, or a new one once three quarters of its
    /// lifetime have passed.
    pub async fn token(&self) -> Result<SecretString, BackendError> {
        let mut token = self.token.lock().await;
        if let Some(t) = token.as_ref().filter(|t| Instant::now() < t.renew_at) {
            return Ok(t.value.clone());
        }
        match self.login().await {
            Ok(fresh) => {
                let value = fresh.value.clone();
                self.state
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .logins += 1;
                *token = Some(fresh);
                Ok(value)
            }
            Err(e) => {
                *token = None;
                tracing::warn!(app.id = %self.id, "logging in to the backend failed: {e}");
                Err(e)
            }
        }
    }

    async fn login(&self) -> Result<Token, BackendError> {
        let url = self.url(&["api", "console", "v1", "login"]);
        let basic = STANDARD.encode(format!("{}:{}", self.id, self.secret.expose_secret()));
        let response = self
            .http
            .post(url.clone())
            .header(reqwest::header::AUTHORIZATION, format!("Basic {basic}"))
            .json(&json!({"id": self.id, "secret": self.secret.expose_secret()}))
            .send()
            .await
            .map_err(|e| unavailable(e, "logging in"))?;
        let status = response.status();
        if !status.is_success() {
            // The body is not shown: a backend might echo the request.
            return Err(BackendError::Unavailable(anyhow::anyhow!(
                "the backend refused the login of '{}' at {url}: HTTP {status}",
                self.id
            )));
        }
        let answer: LoginAnswer = response
            .json()
            .await
            .map_err(|e| unavailable(e, "reading the login answer"))?;
        let token = answer.resource.access_token;
        let lifetime = Duration::from_secs(token.expiration.saturating_sub(token.time).max(1));
        let now = Instant::now();
        tracing::info!(app.id = %self.id, lifetime_s = lifetime.as_secs(), "logged in to the backend");
        Ok(Token {
            value: SecretString::from(token.value),
            renew_at: now + lifetime * 3 / 4,
            expires_at: now + lifetime,
        })
    }

    /// Forgets `used` when it is still the current token (the backend refused it).
    async fn forget(&self, used: &SecretString) {
        let mut token = self.token.lock().await;
        if token
            .as_ref()
            .is_some_and(|t| t.value.expose_secret() == used.expose_secret())
        {
            *token = None;
        }
    }

    /// `base` + path segments (each percent-encoded).
    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    fn documents(&self, segments: &[&str]) -> Url {
        let mut all = vec!["internal", "services", "documents", "v1"];
        all.extend_from_slice(segments);
        self.url(&all)
    }

    /// Sends a request built by `build` with the application token; after a 401, logs in again
    /// and sends it once more.
    async fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<reqwest::Response, BackendError> {
        for attempt in 0..2 {
            let token = self.token().await?;
            let response = build(&self.http)
                .bearer_auth(token.expose_secret())
                .send()
                .await
                .map_err(|e| unavailable(e, "calling the backend"))?;
            if response.status() != StatusCode::UNAUTHORIZED || attempt == 1 {
                return Ok(response);
            }
            tracing::info!(app.id = %self.id, "the backend refused the token: logging in again");
            self.forget(&token).await;
        }
        unreachable!("the loop returns on its second attempt")
    }

    /// The item `id` of `company`.
    pub async fn item(&self, company: &str, id: &str) -> Result<Item, BackendError> {
        let url = self.documents(&["companies", company, "item", id]);
        let response = self.send(|c| c.get(url.clone())).await?;
        let details: Value = json_of(response, "item").await?;
        serde_json::from_value(details["item"].clone())
            .map_err(|e| BackendError::Unavailable(anyhow::anyhow!("an unreadable item: {e}")))
    }

    /// The content of version `version` of item `id`, to be streamed.
    pub async fn download(
        &self,
        company: &str,
        id: &str,
        version: &str,
    ) -> Result<reqwest::Response, BackendError> {
        let mut url = self.documents(&["companies", company, "item", id, "download"]);
        url.query_pairs_mut().append_pair("version_id", version);
        let response = self.send(|c| c.get(url.clone())).await?;
        checked(response, "item").await
    }

    /// Begins (or joins) the editing session of item `id` for `user_id`.
    pub async fn begin(
        &self,
        company: &str,
        id: &str,
        user_id: &str,
    ) -> Result<Begun, BackendError> {
        let url = self.documents(&["companies", company, "item", id, "editing_session"]);
        let body = json!({"editorApplicationId": self.id, "instanceId": "", "userId": user_id});
        let response = self.send(|c| c.post(url.clone()).json(&body)).await?;
        json_of(response, "item").await
    }

    /// The item the editing session `key` writes to, when the backend knows the session (open
    /// or ended); Twake's `GET /editing_session/:key`.
    pub async fn session(&self, key: &str) -> Result<Option<Item>, BackendError> {
        let url = self.documents(&["editing_session", key]);
        let response = self.send(|c| c.get(url.clone())).await?;
        match json_of(response, "editing session").await {
            Ok(item) => Ok(Some(item)),
            Err(BackendError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Tells the backend who edits the session `key` now (Bureau's addition).
    pub async fn refresh(&self, key: &str, users: &[String]) -> Result<(), BackendError> {
        let url = self.documents(&["editing_session", key, "refresh"]);
        let body = json!({"users": users});
        let response = self.send(|c| c.post(url.clone()).json(&body)).await?;
        checked(response, "editing session").await.map(drop)
    }

    /// Ends the session `key` without a new version (Twake's cancel).
    pub async fn end(&self, key: &str) -> Result<(), BackendError> {
        let url = self.documents(&["editing_session", key]);
        let response = self.send(|c| c.delete(url.clone())).await?;
        checked(response, "editing session").await.map(drop)
    }

    /// Uploads a saved document into the session `save.key` as Twake's multipart `file` field.
    /// The body streams once, so a 401 is not retried here: the token is forgotten and the
    /// failure is transient, and the Document Server's retry finds a fresh token.
    pub async fn upload(
        &self,
        save: &Save<'_>,
        body: BoxStream<'static, io::Result<Bytes>>,
    ) -> Result<Stored, BackendError> {
        let mut url = self.documents(&["editing_session", save.key]);
        {
            let mut q = url.query_pairs_mut();
            q.append_pair(
                "keepEditing",
                if save.keep_editing { "true" } else { "false" },
            );
            q.append_pair("status", &save.status.to_string());
            if let Some(user) = save.user_id {
                q.append_pair("userId", user);
            }
            if let Some(lastsave) = save.lastsave {
                q.append_pair("lastsave", lastsave);
            }
        }
        let token = self.token().await?;
        let (content_type, multipart) = multipart_file(save.name, body);
        let response = self
            .http
            .post(url)
            .bearer_auth(token.expose_secret())
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(reqwest::Body::wrap_stream(multipart))
            .send()
            .await
            .map_err(|e| unavailable(e, "uploading to the backend"))?;
        if response.status() == StatusCode::UNAUTHORIZED {
            self.forget(&token).await;
            return Err(BackendError::Unavailable(anyhow::anyhow!(
                "the backend refused the application token; logging in again for the retry"
            )));
        }
        let response = checked(response, "editing session").await?;
        let text = response
            .text()
            .await
            .map_err(|e| unavailable(e, "reading the backend's answer"))?;
        Ok(serde_json::from_str(&text).unwrap_or_default())
    }
}

/// A `multipart/form-data` body with one `file` part streaming `body`, and its content type.
fn multipart_file(
    name: &str,
    body: BoxStream<'static, io::Result<Bytes>>,
) -> (String, BoxStream<'static, io::Result<Bytes>>) {
    let boundary = format!("bureau-{}", uuid::Uuid::new_v4().simple());
    let filename: String = name
        .chars()
        .map(|c| if c.is_control() || c == '"' { '_' } else { c })
        .collect();
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    );
    let tail = format!("\r\n--{boundary}--\r\n");
    let stream = futures_util::stream::iter([Ok(Bytes::from(head))])
        .chain(body)
        .chain(futures_util::stream::iter([Ok(Bytes::from(tail))]));
    (
        format!("multipart/form-data; boundary={boundary}"),
        stream.boxed(),
    )
}

fn unavailable(e: reqwest::Error, doing: &str) -> BackendError {
    BackendError::Unavailable(anyhow::Error::new(e).context(doing.to_owned()))
}

/// The response when it succeeded; the failure it describes otherwise.
async fn checked(
    response: reqwest::Response,
    what: &'static str,
) -> Result<reqwest::Response, BackendError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    if status == StatusCode::NOT_FOUND {
        return Err(BackendError::NotFound(what));
    }
    let text = response.text().await.unwrap_or_default();
    let detail = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v["errors"][0]["detail"].as_str().map(str::to_owned))
        .unwrap_or_else(|| text.chars().take(200).collect());
    if status.is_client_error() && status != StatusCode::UNAUTHORIZED {
        Err(BackendError::Refused {
            status: status.as_u16(),
            detail,
        })
    } else {
        Err(BackendError::Unavailable(anyhow::anyhow!(
            "HTTP {status}: {detail}"
        )))
    }
}

async fn json_of<T: DeserializeOwned>(
    response: reqwest::Response,
    what: &'static str,
) -> Result<T, BackendError> {
    checked(response, what)
        .await?
        .json()
        .await
        .map_err(|e| unavailable(e, "reading the backend's answer"))
}
