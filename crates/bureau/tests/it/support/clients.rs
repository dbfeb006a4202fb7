//! HTTP clients of the API: [`Api`] authenticates with a personal token, [`Browser`] with a
//! session cookie and its CSRF token.

use anyhow::{Context as _, ensure};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};

use bureau::{app::AppState, auth::api::issue_token, store::users};

use super::{body_bytes, field, http_client, json_with};

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
    /// Issues a token for an existing account, straight through the store.
    pub(super) async fn for_login(
        base: &str,
        state: &AppState,
        login: &str,
    ) -> anyhow::Result<Self> {
        let user = users::by_login(&state.store.db, login).await?;
        let (_, token) = issue_token(&state.store, &user.id, "tests")
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(Self::with_token(base, user.id, token))
    }

    /// A client for a token obtained elsewhere.
    pub fn with_token(base: &str, user_id: String, token: String) -> Self {
        Self {
            user_id,
            token,
            http: http_client(),
            base: base.to_owned(),
        }
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

    /// Uploads a file of `../shared/fixtures/office` into a folder (the root when `None`) as
    /// `name`; the new file's id.
    pub async fn upload_fixture_in(
        &self,
        parent: Option<&str>,
        fixture: &str,
        name: &str,
    ) -> anyhow::Result<String> {
        let bytes = super::read_file(&super::fixtures_dir().join(fixture))?;
        let entry = self.upload_in(parent, name, bytes).await?;
        Ok(entry["id"].as_str().context("file id")?.to_owned())
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
    /// A browser with an empty cookie jar.
    pub fn new(base: &str) -> Self {
        Self {
            http: http_client(),
            base: base.to_owned(),
            csrf: None,
        }
    }

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

    /// Creates a personal API token named `name` over HTTP, as the signed-in user; its client.
    pub async fn create_api(&self, name: &str) -> anyhow::Result<Api> {
        let created = self
            .write(Method::POST, "/api/v1/tokens")
            .json(&json!({ "name": name }))
            .send()
            .await?;
        let token = field(&json_with(created, 201).await?, "token")?;
        let me = json_with(
            self.request(Method::GET, "/api/v1/auth/me").send().await?,
            200,
        )
        .await?;
        Ok(Api::with_token(&self.base, field(&me, "id")?, token))
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
