//! Nobody but the Document Server saves, and Bureau fetches nothing but what it should: forged
//! callbacks ([`forged`]), forged Document Server downloads ([`links`]) and SSRF attempts
//! ([`ssrf`]), each a table of cases. A listening [`Trap`] proves nothing was fetched, and the
//! versions listed by the API prove nothing was saved.

mod forged;
mod links;
mod ssrf;
mod tokens;

use std::net::TcpListener;

use onlyoffice::jwt::JwtSettings;
use serde_json::Value;

use super::{OfficeEnv, versions};
use crate::support::Api;

/// A callback request exactly as sent: raw body bytes and an optional `Authorization` value.
#[derive(Debug, Clone)]
pub struct Request {
    /// The body.
    pub body: Vec<u8>,
    /// The whole `Authorization` header value, if any.
    pub authorization: Option<String>,
    /// Sent chunked, without `Content-Length`.
    pub chunked: bool,
}

impl Request {
    /// A JSON body with the header token `token` (as `Bearer <token>`), if any.
    pub fn json(body: &Value, token: Option<String>) -> Self {
        Self {
            body: body.to_string().into_bytes(),
            authorization: token.map(|t| format!("Bearer {t}")),
            chunked: false,
        }
    }
}

/// Posts a callback to `base` (a Bureau server); returns the HTTP status and the reply text.
pub async fn post_callback(base: &str, request: Request) -> anyhow::Result<(u16, String)> {
    let body = if request.chunked {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = request
            .body
            .chunks(64 * 1024)
            .map(|c| Ok(c.to_vec()))
            .collect();
        reqwest::Body::wrap_stream(futures_util::stream::iter(chunks))
    } else {
        request.body.into()
    };
    let mut builder = reqwest::Client::new()
        .post(format!("{base}/office/callback"))
        .header("Content-Type", "application/json")
        .body(body);
    if let Some(value) = request.authorization {
        builder = builder.header("Authorization", value);
    }
    let response = builder.send().await?;
    Ok((response.status().as_u16(), response.text().await?))
}

/// A callback signed as the Document Server signs it: the body with its flat `token`, and the
/// header token (claims under `payload`).
pub fn signed(secret: &str, claims: &Value) -> anyhow::Result<Request> {
    let signed = JwtSettings::new(secret.to_owned()).sign_request(claims)?;
    let mut body = claims.clone();
    body["token"] = signed.body_token.clone().into();
    Ok(Request::json(&body, Some(signed.header_token)))
}

/// A listener no request should ever reach; [`Trap::untouched`] checks it.
#[derive(Debug)]
pub struct Trap(TcpListener);

impl Trap {
    /// Listens on a random loopback port.
    pub fn new() -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        Ok(Self(listener))
    }

    /// The trap's port.
    pub fn port(&self) -> anyhow::Result<u16> {
        Ok(self.0.local_addr()?.port())
    }

    /// `http://127.0.0.1:<port>/cache/files/output.docx`, a plausible result URL.
    pub fn url(&self) -> anyhow::Result<String> {
        Ok(format!(
            "http://127.0.0.1:{}/cache/files/output.docx",
            self.port()?
        ))
    }

    /// Whether no connection ever reached the trap.
    pub fn untouched(&self) -> bool {
        matches!(self.0.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
    }
}

/// A fresh file opened in the emulated editor by `api`: (file id, connection, document key).
pub async fn session(
    env: &OfficeEnv,
    api: &Api,
    name: &str,
) -> anyhow::Result<(String, String, String)> {
    let id = env.upload_fixture(api, "test.docx", name).await?;
    let (conn, key) = env.join(api, &id).await?;
    Ok((id, conn, key))
}

/// The (number, sha256) of every version of a file, newest first: what "no data changed"
/// compares.
pub async fn version_list(api: &Api, id: &str) -> anyhow::Result<Vec<(i64, String)>> {
    Ok(versions(api, id)
        .await?
        .iter()
        .map(|v| {
            (
                v["number"].as_i64().unwrap_or(-1),
                v["sha256"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect())
}
