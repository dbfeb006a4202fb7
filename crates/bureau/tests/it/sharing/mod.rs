//! Sharing with users and public links, and the permission matrix every role must satisfy.

mod links;
mod matrix;

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Api, json_with};

/// Shares an entry (`files` or `folders`) with a login; returns the share.
pub async fn share_with(
    owner: &Api,
    kind: &str,
    id: &str,
    login: &str,
    role: &str,
) -> anyhow::Result<Value> {
    let body = json!({"login": login, "role": role});
    let path = format!("/api/v1/{kind}/{id}/shares");
    json_with(owner.send_json(Method::POST, &path, body).await?, 201).await
}

/// Creates a public link; returns the share with its one-time `token`.
pub async fn link(owner: &Api, kind: &str, id: &str, body: Value) -> anyhow::Result<Value> {
    let path = format!("/api/v1/{kind}/{id}/shares");
    json_with(owner.send_json(Method::POST, &path, body).await?, 201).await
}
