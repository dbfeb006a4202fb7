//! Fuzz target for the HTTP API: random, mutated and structured JSON bodies, raw bodies, query
//! strings and headers sent to the routes that read them, as a user, as a cookie session and as
//! nobody. Every answer must be a well-formed answer to the client: never a 5xx, and a 4xx from
//! the JSON API is the JSON error envelope.

use proptest::{prelude::*, test_runner::TestCaseError};
use reqwest::Method;
use serde_json::{Value, json};

use super::{fuzz, json, mutated};
use crate::support::{Api, TestApp};

/// The routes that read a body or a query, with `{file}` and `{folder}` standing for real ids.
const ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/v1/folders"),
    ("PATCH", "/api/v1/files/{file}"),
    ("PATCH", "/api/v1/folders/{folder}"),
    ("POST", "/api/v1/files/{file}/shares"),
    ("POST", "/api/v1/folders/{folder}/shares"),
    ("POST", "/api/v1/files/new"),
    ("POST", "/api/v1/tokens"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/files"),
    ("PUT", "/api/v1/files/{file}/content"),
    ("POST", "/api/v1/files/{file}/versions/{n}/restore"),
    ("GET", "/api/v1/files/{file}/content"),
    ("GET", "/api/v1/folders/{folder}"),
    ("GET", "/api/v1/links/{n}"),
    ("POST", "/office/callback"),
    ("POST", "/office/keys/{n}"),
    ("GET", "/office/{file}/content"),
    ("GET", "/office/{file}/open"),
];

/// A request: which route, the body, a query string, a path parameter, a `Range` header, the
/// content type, and who sends it (0 a user's token, 1 a cookie session without its CSRF
/// token, 2 nobody).
#[derive(Debug, Clone)]
struct Request {
    route: usize,
    body: Vec<u8>,
    query: Vec<(String, String)>,
    param: String,
    range: String,
    content_type: &'static str,
    caller: u8,
}

/// A body some route would accept, for mutations to start from.
fn valid_body() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"name": "A folder", "parent_id": null})),
        Just(json!({"name": "Renamed.docx", "parent_id": "root"})),
        Just(json!({"login": "admin", "role": "edit", "expires_at": null})),
        Just(json!({"link": true, "role": "view", "password": "pw"})),
        Just(json!({"kind": "document", "name": "New"})),
        Just(json!({"login": "admin", "password": "nope"})),
        Just(json!({"key": "k", "status": 2, "url": "http://127.0.0.1:1/x", "users": ["u"]})),
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        json().prop_map(|v| v.to_string().into_bytes()),
        valid_body().prop_flat_map(|v| mutated(v.to_string().into_bytes())),
        valid_body().prop_map(|v| v.to_string().into_bytes()),
        proptest::collection::vec(any::<u8>(), 0..512),
    ]
}

fn request() -> impl Strategy<Value = Request> {
    let query = proptest::collection::vec(
        (
            prop_oneof![
                Just("name".to_owned()),
                Just("parent_id".to_owned()),
                Just("version".to_owned()),
                Just("expires".to_owned()),
                Just("signature".to_owned()),
                Just("mode".to_owned()),
                "[a-z]{1,8}",
            ],
            any::<String>(),
        ),
        0..4,
    );
    (
        (
            0..ROUTES.len(),
            body(),
            query,
            prop_oneof!["[0-9]{1,20}", any::<String>()],
        ),
        (
            prop_oneof!["bytes=[0-9]{0,20}-[0-9]{0,20}", "[ -~]{0,20}"],
            prop_oneof![
                Just("application/json"),
                Just("application/octet-stream"),
                Just("multipart/form-data; boundary=x"),
                Just("text/plain"),
                Just(""),
            ],
            0..3u8,
        ),
    )
        .prop_map(
            |((route, body, query, param), (range, content_type, caller))| Request {
                route,
                body,
                query,
                param,
                range,
                content_type,
                caller,
            },
        )
}

/// Sends one request; `Ok(None)` when reqwest itself refuses to build it (a header value that
/// is not one).
async fn send(
    app: &TestApp,
    user: &Api,
    session: &reqwest::Client,
    ids: &(String, String),
    r: &Request,
) -> anyhow::Result<Option<(u16, String, String)>> {
    let (method, template) = ROUTES[r.route];
    let param: String = url::form_urlencoded::byte_serialize(r.param.as_bytes()).collect();
    let path = template
        .replace("{file}", &ids.0)
        .replace("{folder}", &ids.1)
        .replace("{n}", &param);
    let method = Method::from_bytes(method.as_bytes())?;
    let mut request = match r.caller {
        0 => user.request(method, &path),
        1 => session.request(method, app.url(&path)),
        _ => reqwest::Client::new().request(method, app.url(&path)),
    };
    request = request.query(&r.query).body(r.body.clone());
    if !r.content_type.is_empty() {
        request = request.header("content-type", r.content_type);
    }
    if !r.range.is_empty() {
        request = request.header("range", &r.range);
    }
    let Ok(request) = request.build() else {
        return Ok(None);
    };
    let response = reqwest::Client::new().execute(request).await?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    Ok(Some((status, content_type, response.text().await?)))
}

#[test]
fn fuzz_http_api() -> anyhow::Result<()> {
    let rt = tokio::runtime::Runtime::new()?;
    // A Document Server that is configured but down: the office routes are live.
    let (app, ids, session) = rt.block_on(async {
        let app = TestApp::spawn_with(&[
            ("docs_url", "http://127.0.0.1:9/"),
            ("docs_secret", "fuzz-secret"),
        ])
        .await?;
        let file = app
            .admin
            .upload("Target.docx", b"not really a docx".to_vec())
            .await?;
        let folder = app.admin.mkdir(None, "Target").await?;
        let ids = (
            crate::support::field(&file, "id")?,
            crate::support::field(&folder, "id")?,
        );
        let mut browser = app.browser();
        browser
            .sign_in("admin", crate::support::ADMIN_PASSWORD)
            .await?;
        anyhow::Ok((app, ids, browser.http))
    })?;
    let outcome = fuzz("HTTP API", 64, request(), |r| {
        let answer = rt
            .block_on(send(&app, &app.admin, &session, &ids, &r))
            .map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
        let Some((status, content_type, text)) = answer else {
            return Ok(());
        };
        prop_assert!(status < 500, "{status}: {text}");
        if status >= 400 && ROUTES[r.route].1.starts_with("/api/") {
            prop_assert!(
                content_type.starts_with("application/json"),
                "{status} {content_type}"
            );
            let body: Value = serde_json::from_str(&text)
                .map_err(|e| TestCaseError::fail(format!("{status}: not JSON ({e}): {text}")))?;
            prop_assert!(body["errors"][0]["code"].is_string(), "{status}: {text}");
        }
        Ok(())
    });
    rt.block_on(async { app.stop().await })?;
    outcome.map(drop)
}
