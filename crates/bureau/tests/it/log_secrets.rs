//! Secrets never reach the log: the real `bureau serve`, logging at trace level on the selected
//! backend, goes through a representative flow (a failed and a real sign-in, an API token, an
//! upload, an edit saved through the emulated Document Server, a password-protected public
//! link, sign-out), then its whole log is searched for every secret that went by. The whole
//! suite's logs get the same search from `scripts/test` (patterns in `scripts/log-secrets`).

use std::time::Duration;

use docserver_emulator::Emulator;
use reqwest::Method;
use serde_json::json;

use crate::{
    office::{SECRET, WAIT, editor_config, versions},
    sharing::link,
    support::{Api, Browser, backend, field, fixtures_dir, process::Server, read_file},
};

/// Every secret the flow handled, by name.
type Secrets = Vec<(&'static str, String)>;

/// The `name` parameter of a URL's query.
fn query_param(url: &str, name: &str) -> anyhow::Result<String> {
    url::Url::parse(url)?
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .ok_or_else(|| anyhow::anyhow!("no {name} in {url}"))
}

/// The value of the first cookie a `Set-Cookie` header sets.
fn cookie_value(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, v)| v.to_owned())
        .unwrap_or_default()
}

/// Signs in (after one failure), makes an API token: the browser, the API client and secrets.
async fn sign_in(server: &Server, password: &str) -> anyhow::Result<(Browser, Api, Secrets)> {
    let mut browser = Browser::new(&server.base);
    let wrong = "wrong-attempt-pw-9";
    assert_eq!(browser.login("admin", wrong).await?.status(), 403);
    let cookie = browser.sign_in("admin", password).await?;
    let api = browser.create_api("logs").await?;
    let token = api.token.clone();
    let secrets = vec![
        ("the admin password", password.to_owned()),
        ("a mistyped password", wrong.to_owned()),
        ("the session cookie", cookie_value(&cookie)),
        ("the CSRF token", browser.csrf.clone().unwrap_or_default()),
        ("the API token", token),
    ];
    Ok((browser, api, secrets))
}

/// Uploads a document and edits it in the emulator until the save lands.
async fn edit(emulator: &Emulator, api: &Api) -> anyhow::Result<(String, Secrets)> {
    let bytes = read_file(&fixtures_dir().join("test.docx"))?;
    let id = field(&api.upload("Report.docx", bytes).await?, "id")?;
    let config = editor_config(api, &id, "").await?;
    let url = field(&config["document"], "url")?;
    let ds = emulator.control();
    let joined = ds.open(&config).await?;
    ds.edit(&joined.connection, "a paragraph")?;
    ds.leave(&joined.connection)?;
    let saved = ds.wait_for_callback(&joined.key, 2, WAIT).await?;
    for _ in 0..100 {
        if versions(api, &id).await?.len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(versions(api, &id).await?.len(), 2, "the save did not land");
    let result_url = saved.callback["url"].as_str().unwrap_or_default();
    let secrets = vec![
        ("the JWT secret", SECRET.to_owned()),
        ("the editor config token", field(&config, "token")?),
        (
            "the document.url signature",
            query_param(&url, "signature")?,
        ),
        (
            "the callback token",
            saved.authorization.clone().unwrap_or_default(),
        ),
        ("the result URL's md5", query_param(result_url, "md5")?),
    ];
    Ok((id, secrets))
}

/// Shares the file through a password link, unlocks it and downloads through it.
async fn share(server: &Server, api: &Api, id: &str) -> anyhow::Result<Secrets> {
    let password = "link-pw-314159";
    let body = json!({"link": true, "role": "view", "password": password});
    let token = field(&link(api, "files", id, body).await?, "token")?;
    let guest = Browser::new(&server.base);
    let unlocked = guest
        .request(Method::POST, &format!("/s/{token}"))
        .form(&[("password", password)])
        .send()
        .await?;
    let unlock = unlocked
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .map(cookie_value)
        .unwrap_or_default();
    let download = guest
        .request(Method::GET, &format!("/api/v1/links/{token}/content"))
        .send()
        .await?;
    assert_eq!(download.status(), 200);
    Ok(vec![
        ("the link password", password.to_owned()),
        ("the link token", token),
        ("the link's unlock cookie", unlock),
    ])
}

#[tokio::test]
async fn a_whole_flow_at_trace_level_logs_no_secret() -> anyhow::Result<()> {
    let emulator = Emulator::builder()
        .jwt_secret(SECRET)
        .save_delay(Duration::from_millis(300))
        .spawn()
        .await?;
    let dir = tempfile::tempdir()?;
    let backend = backend::provision().await?;
    backend.write_env(dir.path())?;
    let password = "from-a-file-pw-7";
    let password_file = dir.path().join("admin-password");
    std::fs::write(&password_file, format!("{password}\n"))?;
    let password_file = password_file.display().to_string();
    let docs_url = emulator.base_url().to_string();
    let env = [
        ("BUREAU_ADMIN_PASSWORD_FILE", password_file.as_str()),
        ("BUREAU_LOG", "trace"),
        ("BUREAU_DOCS_URL", docs_url.as_str()),
        ("BUREAU_DOCS_SECRET", SECRET),
    ];
    let mut server = Server::start(dir.path(), &env).await?;
    let (browser, api, mut secrets) = sign_in(&server, password).await?;
    let (id, more) = edit(&emulator, &api).await?;
    secrets.extend(more);
    secrets.extend(share(&server, &api, &id).await?);
    let out = browser
        .write(Method::POST, "/api/v1/auth/logout")
        .send()
        .await?;
    assert_eq!(out.status(), 204);
    assert!(server.signal("TERM").await?.success());

    if let Ok(s3) = std::env::var("AWS_SECRET_ACCESS_KEY") {
        // On PostgreSQL + S3, the store's own credentials too.
        secrets.push(("the S3 secret key", s3));
    }
    let log = server.stderr()?;
    for marker in ["TRACE", "signed in", "document saved", "/office/callback"] {
        assert!(
            log.contains(marker),
            "the log misses {marker:?}: trace logging is off?"
        );
    }
    assert!(secrets.len() >= SECRETS);
    for (what, secret) in &secrets {
        assert!(secret.len() >= 8, "{what} is not a real secret: {secret:?}");
        assert!(!log.contains(secret.as_str()), "{what} is in the log");
    }
    // No JSON Web Token at all (`eyJ` is how the base64 of `{"` starts).
    assert!(!log.contains("eyJ"), "a JWT is in the log");
    Ok(())
}

/// The secrets [`a_whole_flow_at_trace_level_logs_no_secret`] looks for (one more, the S3
/// secret key, on PostgreSQL + S3).
pub const SECRETS: usize = 13;
