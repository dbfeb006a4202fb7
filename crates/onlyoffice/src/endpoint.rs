//! Where the Document Server's services live and how to sign requests to them.

use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderName};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use url::Url;

use crate::{DocKey, Error, Result, jwt::JwtSettings};

/// The Document Server as seen from the host: base URL, token settings and HTTP client. Cheap to
/// clone; shared by [`CommandClient`](crate::command::CommandClient) and
/// [`ConversionClient`](crate::conversion::ConversionClient).
///
/// Every request is a JSON `POST` with `Accept: application/json`. With token settings, the
/// parameters are signed twice, as the official integration examples do: flat in the
/// body's `token` field (which the Document Server prefers) and wrapped as `{"payload": …}` in the
/// header (`Authorization: Bearer …` unless renamed with
/// [`Endpoint::with_header_name`], the Document Server's `token.inbox.header`). The plain
/// parameters stay in the body too, for servers that run without tokens. Requests about one
/// document carry `?shardkey=<key>`, which clustered Document Servers (8.1+) route by.
#[derive(Debug, Clone)]
pub struct Endpoint {
    base: Url,
    jwt: Option<JwtSettings>,
    header: HeaderName,
    http: reqwest::Client,
}

impl Endpoint {
    /// The Document Server at `base_url` (as the host reaches it), signing with `jwt` when the
    /// Document Server has tokens on (its Docker image does by default).
    #[must_use]
    pub fn new(mut base_url: Url, jwt: Option<JwtSettings>) -> Self {
        if !base_url.path().ends_with('/') {
            let path = format!("{}/", base_url.path());
            base_url.set_path(&path);
        }
        Self {
            base: base_url,
            jwt,
            header: AUTHORIZATION,
            http: reqwest::Client::new(),
        }
    }

    /// Sends the header token in `name` instead of `Authorization`.
    #[must_use]
    pub fn with_header_name(mut self, name: HeaderName) -> Self {
        self.header = name;
        self
    }

    /// Uses `client` (proxies, TLS roots, connection pool) instead of a default one.
    #[must_use]
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.http = client;
        self
    }

    /// The URL of a service path below the base (`command`, `converter`).
    ///
    /// # Errors
    /// [`Error::Url`] if `path` does not form a URL with the base.
    pub fn url(&self, path: &str) -> Result<Url> {
        Ok(self.base.join(path)?)
    }

    /// POSTs `params` (a JSON object) to `path`, signed, and decodes the JSON answer.
    pub(crate) async fn post<P: Serialize, R: DeserializeOwned>(
        &self,
        path: &str,
        params: &P,
        shard: Option<&DocKey>,
        timeout: Duration,
    ) -> Result<R> {
        let mut url = self.url(path)?;
        if let Some(key) = shard {
            url.query_pairs_mut().append_pair("shardkey", key.as_str());
        }
        let mut body = serde_json::to_value(params)?;
        let mut request = self
            .http
            .post(url)
            .header(ACCEPT, "application/json")
            .timeout(timeout);
        if let Some(jwt) = &self.jwt {
            let signed = jwt.sign_request(params)?;
            if let Value::Object(map) = &mut body {
                map.insert("token".into(), Value::String(signed.body_token.clone()));
            }
            request = request.header(self.header.clone(), signed.bearer());
        }
        let response = request.json(&body).send().await?;
        let status = response.status();
        if !status.is_success() {
            return Err(Error::HttpStatus(status.as_u16()));
        }
        Ok(response.json().await?)
    }
}
