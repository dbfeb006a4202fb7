//! Server-side request forgery through the result URLs of genuine, signed callbacks: URLs off
//! the Document Server (other hosts, parser tricks, other schemes, other spellings of loopback)
//! and redirects leaving it. Nothing reaches the [`Trap`], and nothing is saved.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use axum::{
    Router,
    extract::State,
    http::{HeaderValue, StatusCode, Uri, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::{Trap, post_callback, session, signed, version_list};
use crate::{
    office::{OfficeEnv, SECRET},
    support::{ADMIN_PASSWORD, TestApp, field, process::Server},
};

/// Result URLs that must never be fetched, given the Document Server at `ds` (ends with `/`)
/// and the trap at `127.0.0.1:<trap>`.
fn foreign_urls(ds: &str, trap: u16) -> Vec<String> {
    let ds_host = ds.trim_start_matches("http://").trim_end_matches('/');
    let t = format!("127.0.0.1:{trap}");
    [
        format!("http://{t}/cache/files/output.docx"),
        format!("https://{t}/cache/files/output.docx"),
        format!("{ds}/{t}/output.docx"),
        format!("http://{ds_host}@{t}/output.docx"),
        format!("http://{t}#@{ds_host}/output.docx"),
        format!("http://{t}?@{ds_host}/output.docx"),
        format!("http://{t}\\@{ds_host}/output.docx"),
        format!("http:\\\\{t}\\cache\\output.docx"),
        format!("http:/{t}/output.docx"),
        format!("//{t}/output.docx"),
        format!("/{t}/output.docx"),
        format!("http://localhost:{trap}/output.docx"),
        format!("http://2130706433:{trap}/output.docx"),
        format!("http://0x7f.0.0.1:{trap}/output.docx"),
        format!("http://0177.0.0.1:{trap}/output.docx"),
        format!("http://127.1:{trap}/output.docx"),
        format!("http://[::1]:{trap}/output.docx"),
        format!("http://[::ffff:127.0.0.1]:{trap}/output.docx"),
        format!("http://0.0.0.0:{trap}/output.docx"),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "file:///etc/passwd".to_owned(),
        format!("file://{t}/etc/passwd"),
        format!("gopher://{t}/_GET%20/output.docx"),
        format!("ftp://{t}/output.docx"),
        format!("dict://{t}/info"),
        format!("ldap://{t}/dc=x"),
        format!("ws://{t}/output.docx"),
        format!("jar:http://{t}/x.zip!/output.docx"),
        "data:application/octet-stream;base64,UEsDBA==".to_owned(),
        format!("javascript:fetch('http://{t}/')"),
        String::new(),
        " ".to_owned(),
    ]
    .to_vec()
}

/// The number of URLs [`result_urls_off_the_document_server_are_never_fetched`] tries.
pub const FOREIGN_URLS: usize = 32;

#[tokio::test]
async fn result_urls_off_the_document_server_are_never_fetched() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let (id, conn, key) = session(&env, api, "Target.docx").await?;
    let before = version_list(api, &id).await?;
    let trap = Trap::new()?;
    let urls = foreign_urls(env.emulator.base_url().as_str(), trap.port()?);
    assert_eq!(urls.len(), FOREIGN_URLS);
    let ds = env.emulator.base_url().to_string();
    for url in urls {
        for status in [2, 6, 3] {
            let claims = json!({"key": key, "status": status, "url": url, "users": [api.user_id]});
            let (code, reply) = post_callback(&env.app.base, signed(SECRET, &claims)?).await?;
            // A URL that is on the Document Server after all (`ds//host/…` is a path there) is
            // asked of the Document Server, which has no such file: a retry (503), no save.
            let expected = if url.starts_with(&ds) { 503 } else { 200 };
            assert_eq!(
                (code, reply.as_str()),
                (expected, r#"{"error":1}"#),
                "status {status} with {url:?}"
            );
        }
    }
    assert!(trap.untouched(), "Bureau connected to the trap");
    assert_eq!(version_list(api, &id).await?, before);
    env.ds().leave(&conn)?;
    env.accepted(&key, 4).await?;
    env.app.stop().await
}

/// A stand-in Document Server whose every result URL redirects: `…/<status>/<case>` answers
/// `status` with the `Location` of `case`; it counts these requests.
#[derive(Clone)]
struct Redirector {
    trap: u16,
    hits: Arc<AtomicUsize>,
    own: String,
}

/// Where each case redirects to.
const TARGETS: [&str; 6] = [
    "trap",
    "file",
    "gopher",
    "scheme-relative",
    "chain",
    "loopback",
];

async fn redirect(State(r): State<Redirector>, uri: Uri) -> Response {
    let mut segments = uri.path().rsplit('/');
    let case = segments.next().unwrap_or_default();
    if !TARGETS.contains(&case) {
        // Bureau's own checks of the Document Server (`/healthcheck`…) are not result URLs.
        return StatusCode::NOT_FOUND.into_response();
    }
    r.hits.fetch_add(1, Ordering::SeqCst);
    let status = segments.next().and_then(|s| s.parse().ok()).unwrap_or(302);
    let t = format!("127.0.0.1:{}", r.trap);
    let location = match case {
        "trap" => format!("http://{t}/cache/files/output.docx"),
        "file" => "file:///etc/passwd".to_owned(),
        "gopher" => format!("gopher://{t}/_x"),
        "scheme-relative" => format!("//{t}/output.docx"),
        "chain" => format!("{}302/trap", r.own),
        _ => format!("http://localhost:{}/output.docx", r.trap),
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::FOUND);
    let mut response = status.into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

/// Starts a [`Redirector`] on a random port; returns its base URL and request counter.
async fn start_redirector(trap: u16) -> anyhow::Result<(String, Arc<AtomicUsize>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let own = format!("http://{}/", listener.local_addr()?);
    let hits = Arc::new(AtomicUsize::new(0));
    let state = Redirector {
        trap,
        hits: hits.clone(),
        own: own.clone(),
    };
    let app = Router::new().fallback(redirect).with_state(state);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((own, hits))
}

/// The number of redirects [`redirects_off_the_document_server_are_never_followed`] tries.
pub const REDIRECTS: usize = 5 * TARGETS.len();

#[tokio::test]
async fn redirects_off_the_document_server_are_never_followed() -> anyhow::Result<()> {
    let trap = Trap::new()?;
    let (ds, hits) = start_redirector(trap.port()?).await?;
    let app = TestApp::spawn_with(&[("docs_url", ds.as_str()), ("docs_secret", SECRET)]).await?;
    let api = &app.admin;
    let id = field(&api.upload("Target.docx", read_fixture()?).await?, "id")?;
    let opened: Value = api.get_json(&format!("/office/{id}/open")).await?;
    let key = field(
        &opened["data"]["attributes"]["onlyoffice"]["document"],
        "key",
    )?;
    let before = version_list(api, &id).await?;
    let mut tried = 0;
    for status in [301, 302, 303, 307, 308] {
        for target in TARGETS {
            let url = format!("{ds}{status}/{target}");
            let claims = json!({"key": key, "status": 2, "url": url, "users": [api.user_id]});
            let (code, reply) = post_callback(&app.base, signed(SECRET, &claims)?).await?;
            assert_eq!((code, reply.as_str()), (200, r#"{"error":1}"#), "{url}");
            tried += 1;
        }
    }
    assert_eq!(tried, REDIRECTS);
    assert_eq!(
        hits.load(Ordering::SeqCst),
        REDIRECTS,
        "Bureau asked the Document Server once per callback and never followed a redirect"
    );
    assert!(trap.untouched(), "a redirect reached the trap");
    assert_eq!(version_list(api, &id).await?, before);
    app.stop().await
}

fn read_fixture() -> anyhow::Result<Vec<u8>> {
    crate::support::read_file(&crate::support::fixtures_dir().join("test.docx"))
}

/// Bureau as a child process that sees `docs.example.com` at 127.0.0.1 (its own `/etc/hosts`,
/// see [`Server::start_with_hosts`]), with the Document Server at that name; `internal` sets
/// `BUREAU_DOCS_INTERNAL_URL` too. Returns the server, admin's client and an open document key.
async fn behind_a_public_name(
    dir: &std::path::Path,
    public: &str,
    internal: Option<&str>,
) -> anyhow::Result<(Server, crate::support::Api, String)> {
    let mut env = vec![
        ("BUREAU_ADMIN_PASSWORD", ADMIN_PASSWORD),
        ("BUREAU_DOCS_URL", public),
        ("BUREAU_DOCS_SECRET", SECRET),
    ];
    if let Some(internal) = internal {
        env.push(("BUREAU_DOCS_INTERNAL_URL", internal));
    }
    let hosts = "127.0.0.1 docs.example.com";
    let server = Server::start_with_hosts(dir, &env, Some(hosts)).await?;
    let api = server.api("admin", ADMIN_PASSWORD).await?;
    let id = field(&api.upload("Target.docx", read_fixture()?).await?, "id")?;
    let opened: Value = api.get_json(&format!("/office/{id}/open")).await?;
    let key = field(
        &opened["data"]["attributes"]["onlyoffice"]["document"],
        "key",
    )?;
    Ok((server, api, key))
}

#[tokio::test]
async fn a_public_document_server_name_resolving_to_loopback_is_never_fetched() -> anyhow::Result<()>
{
    let trap = Trap::new()?;
    let (redirector, hits) = start_redirector(trap.port()?).await?;
    let port = url::Url::parse(&redirector)?.port().unwrap_or(80);
    let public = format!("http://docs.example.com:{port}/");
    let result = format!("{public}302/trap");

    let dir = tempfile::tempdir()?;
    let (server, api, key) = behind_a_public_name(dir.path(), &public, None).await?;
    let claims = json!({"key": key, "status": 2, "url": result, "users": [api.user_id]});
    let (code, reply) = post_callback(&server.base, signed(SECRET, &claims)?).await?;
    assert_eq!((code, reply.as_str()), (200, r#"{"error":1}"#));
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "Bureau connected to loopback"
    );
    let log = server.stderr()?;
    assert!(
        log.contains("docs.example.com resolved to 127.0.0.1"),
        "the refusal is not logged: {log}"
    );

    // Control: the same name, declared internal, resolves to the redirector and is fetched
    // (and its redirect is not followed), so the refusal above was the guard's.
    let dir = tempfile::tempdir()?;
    let internal = format!("{public}internal/");
    let (server, api, key) = behind_a_public_name(dir.path(), &public, Some(&internal)).await?;
    let claims = json!({"key": key, "status": 2, "url": result, "users": [api.user_id]});
    let (code, reply) = post_callback(&server.base, signed(SECRET, &claims)?).await?;
    assert_eq!((code, reply.as_str()), (200, r#"{"error":1}"#));
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "the internal address was not fetched"
    );
    assert!(trap.untouched(), "a redirect reached the trap");
    Ok(())
}
