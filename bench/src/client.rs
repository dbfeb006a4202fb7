//! The few Bureau API calls a benchmark needs, as the `admin` account with a personal API token,
//! and the Document Server's side of the protocol (signed callbacks and downloads).

use std::{path::Path, process::Command};

use anyhow::{Context as _, bail};
use onlyoffice::{
    DocKey,
    callback::{Action, ActionType, Callback, CallbackStatus},
    jwt::JwtSettings,
};
use serde_json::{Value, json};

use crate::procs::{JWT_SECRET, Running};

/// A signed-in API client of one running Bureau.
#[derive(Debug, Clone)]
pub struct Client {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// `Authorization: Bearer …` of the admin's API token.
    pub auth: String,
    /// The admin's user id (the `users` of callbacks).
    pub user_id: String,
    http: reqwest::Client,
    jwt: JwtSettings,
}

impl Client {
    /// Creates an API token for `admin` with `bureau token create` and reads the account's id.
    pub async fn new(bin: &Path, server: &Running, env: &[(&str, String)]) -> anyhow::Result<Self> {
        let out = Command::new(bin)
            .args(["token", "create", "admin", "--name", "bench"])
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .context("running bureau token create")?;
        if !out.status.success() {
            bail!(
                "bureau token create failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let token = String::from_utf8(out.stdout)?.trim().to_owned();
        let http = reqwest::Client::new();
        let auth = format!("Bearer {token}");
        let me: Value = http
            .get(format!("{}/api/v1/auth/me", server.base))
            .header("Authorization", &auth)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(Self {
            base: server.base.clone(),
            auth,
            user_id: me["id"].as_str().context("auth/me without id")?.to_owned(),
            http,
            jwt: JwtSettings::new(JWT_SECRET),
        })
    }

    /// `POST /api/v1/files/new`: a blank document of `kind` in the root folder; its id.
    pub async fn new_document(&self, kind: &str) -> anyhow::Result<String> {
        let created: Value = self
            .http
            .post(format!("{}/api/v1/files/new", self.base))
            .header("Authorization", &self.auth)
            .json(&json!({ "kind": kind }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(created["id"]
            .as_str()
            .context("new file without id")?
            .to_owned())
    }

    /// The user download route of a file.
    pub fn content_url(&self, id: &str) -> String {
        format!("{}/api/v1/files/{id}/content", self.base)
    }

    /// `GET /office/{id}/open`: the editor config (`document.key`, `document.url`, …).
    pub async fn open(&self, id: &str) -> anyhow::Result<Value> {
        let body: Value = self
            .http
            .get(self.open_url(id))
            .header("Authorization", &self.auth)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(body["data"]["attributes"]["onlyoffice"].clone())
    }

    /// The URL of `GET /office/{id}/open`.
    pub fn open_url(&self, id: &str) -> String {
        format!("{}/office/{id}/open", self.base)
    }

    /// The header the Document Server sends with its download of `url`.
    pub fn download_auth(&self, url: &str) -> anyhow::Result<String> {
        Ok(self.jwt.sign_request(&json!({ "url": url }))?.bearer())
    }

    /// A callback as the Document Server sends it: the body with its `token`, and the same
    /// claims wrapped in `payload` in the header.
    pub fn callback(&self, callback: &Callback) -> anyhow::Result<(Value, String)> {
        let signed = self.jwt.sign_request(callback)?;
        let mut body = serde_json::to_value(callback)?;
        body["token"] = Value::String(signed.body_token.clone());
        Ok((body, signed.bearer()))
    }

    /// Posts a signed callback to `url` and checks the answer is `{"error":0}`.
    pub async fn post_callback(&self, url: &str, callback: &Callback) -> anyhow::Result<()> {
        let (body, bearer) = self.callback(callback)?;
        let reply: Value = self
            .http
            .post(url)
            .header("Authorization", bearer)
            .json(&body)
            .send()
            .await?
            .json()
            .await?;
        if reply != json!({"error": 0}) {
            bail!("callback {:?} answered {reply}", callback.status);
        }
        Ok(())
    }

    /// Bureau's callback address.
    pub fn callback_url(&self) -> String {
        format!("{}/office/callback", self.base)
    }
}

/// A status 1 callback: `user` joined (or left) and `users` are editing.
pub fn editing(key: &DocKey, user: &str, joined: bool) -> Callback {
    let mut cb = Callback::new(key.clone(), CallbackStatus::Editing);
    cb.users = vec![user.to_owned()];
    cb.actions = vec![Action {
        kind: if joined {
            ActionType::Connected
        } else {
            ActionType::Disconnected
        },
        userid: user.to_owned(),
    }];
    cb
}

/// The document key of an editor config.
pub fn key_of(config: &Value) -> anyhow::Result<DocKey> {
    let key = config["document"]["key"]
        .as_str()
        .context("config without document.key")?;
    Ok(DocKey::parse(key)?)
}
