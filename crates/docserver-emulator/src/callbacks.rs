//! Delivering callbacks to `editorConfig.callbackUrl` the way the DS does (protocol doc §2.3,
//! §3.4, §3.5 and Appendix A.1/A.2):
//!
//! - headers `Accept: application/json, text/plain, */*`, `Content-Type: application/json`,
//!   `User-Agent: Node.js/6.13`, `Connection: Keep-Alive` and `<jwt header>: Bearer <JWT of
//!   {"payload": body}>`; the body carries `token`, the JWT of the flat body (both HS256 with
//!   `iat`/`exp` = 5 min);
//! - when the header token would reach 7168 characters, `changesurl` is dropped and `history` set
//!   to `{}` in the header token *and* the plain body; the body token keeps everything;
//! - success is HTTP 200 with `{"error":0}` only; statuses 2/3 are retried on network errors,
//!   timeouts, 429 and 5xx (9.x: after 1, 2, 4 s; 8.x: never); a 200 `{"error":≠0}` or a 4xx is
//!   not retried.

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use onlyoffice::callback::Callback;
use serde::Serialize;
use serde_json::{Value, json};
use tokio::sync::Notify;

use crate::state::{Shared, lock};

/// The header token length from which the DS trims it (`canvasservice.js:1018-1027`).
const HEADER_TOKEN_LIMIT: usize = 7168;

/// How the host answered one delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// HTTP 200 with `{"error":0}`.
    Accepted,
    /// An answer that is a failure but not retried (200 with another body, 204, 3xx, 4xx).
    Rejected,
    /// A failure that status 2/3 retries: no answer, timeout, 429 or 5xx.
    Retryable,
    /// Held back by the out-of-order fault; delivered later.
    Held,
}

/// One callback request as sent, with the host's reply.
#[derive(Debug, Clone, Serialize)]
pub struct CallbackRecord {
    /// The document key.
    pub key: String,
    /// The callback status.
    pub status: i64,
    /// 1 for the first attempt, 2.. for retries.
    pub attempt: u32,
    /// Where it was posted.
    pub callback_url: String,
    /// The JSON body as posted (plain fields, possibly trimmed, plus `token`).
    pub body: Value,
    /// The full callback (what the body token carries, without `iat`/`exp`).
    pub callback: Value,
    /// The header value (`Bearer …`), when tokens are on.
    pub authorization: Option<String>,
    /// The host's HTTP status, if it answered.
    pub http_status: Option<u16>,
    /// The host's reply body (first 4 KiB), or the transport error.
    pub reply: String,
    /// The verdict.
    pub outcome: Outcome,
    /// When it was sent (Unix milliseconds).
    pub sent_at_ms: u128,
}

/// The log of callbacks sent, in sending order.
#[derive(Debug, Default)]
pub struct CallbackLog {
    records: Mutex<Vec<CallbackRecord>>,
    changed: Notify,
}

impl CallbackLog {
    /// All records so far.
    pub fn all(&self) -> Vec<CallbackRecord> {
        lock(&self.records).clone()
    }

    /// Forgets all records.
    pub fn clear(&self) {
        lock(&self.records).clear();
    }

    /// Waits until a record matches `pred` (checked against the records present and to come).
    pub async fn wait_for(&self, pred: impl Fn(&CallbackRecord) -> bool) -> CallbackRecord {
        loop {
            let notified = self.changed.notified();
            if let Some(found) = lock(&self.records).iter().find(|r| pred(r)) {
                return found.clone();
            }
            notified.await;
        }
    }

    fn push(&self, record: CallbackRecord) {
        lock(&self.records).push(record);
        self.changed.notify_waiters();
    }
}

/// A callback held back by the out-of-order fault.
#[derive(Debug, Clone)]
pub struct Held {
    url: String,
    callback: Callback,
}

/// Sends one callback once (plus the copies the faults ask for) and returns the verdict.
pub async fn send(shared: &Shared, url: &str, callback: &Callback, attempt: u32) -> Outcome {
    let faults = shared.faults();
    if faults.callback_out_of_order {
        let nothing_held = lock(&shared.held).is_none();
        if nothing_held {
            lock(&shared.faults).callback_out_of_order = false;
            *lock(&shared.held) = Some(Held {
                url: url.to_owned(),
                callback: callback.clone(),
            });
            record_held(shared, url, callback);
            return Outcome::Held;
        }
    }
    let outcome = post(shared, url, callback, attempt).await;
    if faults.callback_twice {
        post(shared, url, callback, attempt).await;
    }
    let held = lock(&shared.held).take();
    if let Some(held) = held {
        post(shared, &held.url, &held.callback, 1).await;
    }
    outcome
}

/// Delivers the callback held back by the out-of-order fault, if any.
pub async fn release_held(shared: &Shared) {
    let held = lock(&shared.held).take();
    if let Some(held) = held {
        post(shared, &held.url, &held.callback, 1).await;
    }
}

/// Sends a status 2/3 callback with the configured retries; `build` makes each attempt's body
/// (fresh signed URLs every time, Appendix A.2).
pub async fn send_with_retries(
    shared: &Shared,
    url: &str,
    mut build: impl FnMut() -> Callback,
) -> Outcome {
    let delays = shared.config.retry.delays();
    let mut attempt = 0;
    loop {
        let outcome = send(shared, url, &build(), attempt as u32 + 1).await;
        match (outcome, delays.get(attempt)) {
            (Outcome::Retryable, Some(delay)) => tokio::time::sleep(*delay).await,
            _ => return outcome,
        }
        attempt += 1;
    }
}

async fn post(shared: &Shared, url: &str, callback: &Callback, attempt: u32) -> Outcome {
    let full = serde_json::to_value(callback).unwrap_or_default();
    let (body, authorization) = sign(shared, &full);
    let mut request = shared
        .http
        .post(url)
        .timeout(shared.config.callback_timeout)
        .header("Accept", "application/json, text/plain, */*")
        .header("Connection", "Keep-Alive")
        .header("Content-Type", "application/json")
        .body(ordered_json(&body));
    if let Some(value) = &authorization {
        request = request.header(shared.config.jwt_header.as_str(), value);
    }
    // Callback URLs count as "in a verified token" whenever inbox tokens are on (§0.15).
    let blocked = if shared.config.jwt_enabled || shared.config.allow_private_ip {
        None
    } else {
        match url::Url::parse(url) {
            Ok(parsed) => crate::download::refuse_private(&parsed)
                .await
                .err()
                .map(|e| e.to_string()),
            Err(e) => Some(e.to_string()),
        }
    };
    let sent = match blocked {
        Some(reason) => Err(reason),
        None => request.send().await.map_err(|e| e.to_string()),
    };
    let (http_status, reply, outcome) = match sent {
        Ok(response) => classify(response).await,
        Err(e) => (None, e, Outcome::Retryable),
    };
    tracing::debug!(callback.status = %full["status"], ?outcome, "callback delivered");
    shared.log.push(CallbackRecord {
        key: full["key"].as_str().unwrap_or_default().to_owned(),
        status: full["status"].as_i64().unwrap_or_default(),
        attempt,
        callback_url: url.to_owned(),
        body,
        callback: full,
        authorization,
        http_status,
        reply,
        outcome,
        sent_at_ms: now_ms(),
    });
    outcome
}

/// Field order of the DS's callback JSON (`commondefines.js` `OutputSfcData`; Appendix A.1 shows
/// `filetype` before `token`) and of the objects nested in it.
const FIELD_ORDER: &[&str] = &[
    "key",
    "status",
    "url",
    "changesurl",
    "history",
    "serverVersion",
    "changes",
    "documentSha256",
    "created",
    "user",
    "id",
    "name",
    "users",
    "actions",
    "type",
    "userid",
    "mailMerge",
    "userdata",
    "formdata",
    "lastsave",
    "notmodified",
    "forcesavetype",
    "encrypted",
    "filetype",
    "formsdataurl",
    "token",
];

/// Serializes `value` with object keys in the DS's order (others after, alphabetically).
fn ordered_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            let rank = |k: &str| {
                FIELD_ORDER
                    .iter()
                    .position(|f| *f == k)
                    .unwrap_or(FIELD_ORDER.len())
            };
            keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
            let fields: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), ordered_json(&map[k])))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(ordered_json).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

/// The posted body and header value for the callback `full` (see the module docs).
fn sign(shared: &Shared, full: &Value) -> (Value, Option<String>) {
    if !shared.config.jwt_enabled {
        return (full.clone(), None);
    }
    let mut plain = full.clone();
    let mut header = shared
        .sign_out(&json!({ "payload": plain }), true)
        .unwrap_or_default();
    if header.len() >= HEADER_TOKEN_LIMIT {
        if let Some(object) = plain.as_object_mut() {
            object.remove("changesurl");
            if object.contains_key("history") {
                object.insert("history".into(), json!({}));
            }
        }
        header = shared
            .sign_out(&json!({ "payload": plain }), true)
            .unwrap_or_default();
    }
    let body_token = shared.sign_out(full, true).unwrap_or_default();
    if let Some(object) = plain.as_object_mut() {
        object.insert("token".into(), Value::String(body_token));
    }
    (plain, Some(format!("Bearer {header}")))
}

async fn classify(response: reqwest::Response) -> (Option<u16>, String, Outcome) {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    let reply: String = text.chars().take(4096).collect();
    let outcome = if status.as_u16() == 429 || status.is_server_error() {
        Outcome::Retryable
    } else if status.as_u16() == 200 && error_is_zero(&text) {
        Outcome::Accepted
    } else {
        Outcome::Rejected
    };
    (Some(status.as_u16()), reply, outcome)
}

/// `reply.error == 0` with JavaScript's loose equality: `0` or `"0"`.
fn error_is_zero(text: &str) -> bool {
    let Ok(reply) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    match &reply["error"] {
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.trim() == "0",
        _ => false,
    }
}

fn record_held(shared: &Shared, url: &str, callback: &Callback) {
    let full = serde_json::to_value(callback).unwrap_or_default();
    shared.log.push(CallbackRecord {
        key: full["key"].as_str().unwrap_or_default().to_owned(),
        status: full["status"].as_i64().unwrap_or_default(),
        attempt: 0,
        callback_url: url.to_owned(),
        body: Value::Null,
        callback: full,
        authorization: None,
        http_status: None,
        reply: "held back by the out-of-order fault".into(),
        outcome: Outcome::Held,
        sent_at_ms: now_ms(),
    });
}

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis()
}

#[cfg(test)]
mod tests {
    use super::{error_is_zero, ordered_json};

    #[test]
    fn only_a_zero_error_is_success() {
        assert!(error_is_zero(r#"{"error":0}"#));
        assert!(error_is_zero(r#"{"error":"0"}"#));
        assert!(!error_is_zero(r#"{"error":1}"#));
        assert!(!error_is_zero(""));
        assert!(!error_is_zero("ok"));
    }

    #[test]
    fn bodies_keep_the_document_servers_field_order() {
        let body = serde_json::json!({"token": "t", "filetype": "docx", "status": 2, "key": "k",
            "history": {"changes": [{"user": {"name": "N", "id": "u"}, "created": "c", "documentSha256": "h"}],
                        "serverVersion": "9.0.4"}});
        assert_eq!(
            ordered_json(&body),
            r#"{"key":"k","status":2,"history":{"serverVersion":"9.0.4","changes":[{"documentSha256":"h","created":"c","user":{"id":"u","name":"N"}}]},"filetype":"docx","token":"t"}"#
        );
    }
}
