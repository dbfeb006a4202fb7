//! `/api/v1/admin/settings`: validation, the write-only secret, settings that take effect with
//! no restart (on this process and on a second one of a cluster), and the connection test,
//! `/readyz?deep=1` and `bureau doctor` all following the saved settings.

use std::time::{Duration, Instant};

use anyhow::{Context as _, ensure};
use reqwest::Method;
use serde_json::{Value, json};

use crate::{
    office::{OfficeEnv, SECRET, open_json, versions},
    support::{Api, TestApp, expect_error, json_with, process::bureau},
};

const SETTINGS: &str = "/api/v1/admin/settings";
const TEST: &str = "/api/v1/admin/settings/test";

/// `PUT /api/v1/admin/settings`, expecting 200; the settings as the API shows them.
async fn save(api: &Api, body: Value) -> anyhow::Result<Value> {
    json_with(api.send_json(Method::PUT, SETTINGS, body).await?, 200).await
}

/// `POST /api/v1/admin/settings/test`, expecting 200; the report.
async fn test_connection(api: &Api, body: Value) -> anyhow::Result<Value> {
    json_with(api.send_json(Method::POST, TEST, body).await?, 200).await
}

/// The check called `name` in a report.
fn step<'a>(report: &'a Value, name: &str) -> anyhow::Result<&'a Value> {
    report["checks"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["name"] == name))
        .with_context(|| format!("no check {name} in {report}"))
}

/// The names of the checks that failed.
fn failed(report: &Value) -> Vec<String> {
    report["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["ok"] == false)
        .filter_map(|c| c["name"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn bad_settings_are_refused_naming_the_field() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let cases = [
        (json!({"docs_url": "ftp://docs.example.org/"}), "docs_url"),
        (
            json!({"docs_internal_url": "docs.local:8000"}),
            "docs_internal_url",
        ),
        (
            json!({"internal_url": "http://bureau.local/?a=1"}),
            "internal_url",
        ),
        (json!({"docs_jwt_header": "Bad Header"}), "docs_jwt_header"),
        (json!({"docs_secret": "line\nbreak"}), "docs_secret"),
        (
            json!({"docs_secret": "new", "clear_docs_secret": true}),
            "docs_secret",
        ),
    ];
    for (body, field) in cases {
        for path in [SETTINGS, TEST] {
            let method = if path == SETTINGS {
                Method::PUT
            } else {
                Method::POST
            };
            let response = app.admin.send_json(method, path, body.clone()).await?;
            let error = json_with(response, 400).await?;
            let error = &error["errors"][0];
            assert_eq!(error["code"], "invalid_settings", "{body}");
            let detail = error["detail"].as_str().context("detail")?;
            assert!(
                detail.starts_with(&format!("{field}: ")),
                "{body}: {detail}"
            );
        }
    }
    let typo = app
        .admin
        .send_json(Method::PUT, SETTINGS, json!({"docs_urll": "http://x/"}))
        .await?;
    expect_error(typo, 400, "invalid_json").await?;
    let unchanged = app.admin.get_json(SETTINGS).await?;
    assert_eq!(unchanged["saved"], json!([]), "{unchanged}");
    assert_eq!(unchanged["docs_url"], "");
    app.stop().await
}

#[tokio::test]
async fn the_jwt_secret_is_write_only() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let secret = "a-write-only-secret-value";
    let shown = app.admin.get_json(SETTINGS).await?;
    assert_eq!(shown["docs_secret_set"], false);

    let saved = save(&app.admin, json!({"docs_secret": secret})).await?;
    assert_eq!(saved["docs_secret_set"], true);
    assert_eq!(saved["saved"], json!(["docs_secret"]));
    for text in [
        saved.to_string(),
        app.admin.get(SETTINGS).send().await?.text().await?,
        app.admin
            .get("/admin/settings")
            .send()
            .await?
            .text()
            .await?,
        test_connection(&app.admin, json!({})).await?.to_string(),
    ] {
        assert!(!text.contains(secret), "the secret leaked: {text}");
    }
    let kept = save(&app.admin, json!({"docs_secret": "", "docs_url": ""})).await?;
    assert_eq!(kept["docs_secret_set"], true, "an empty secret keeps it");
    let cleared = save(&app.admin, json!({"clear_docs_secret": true})).await?;
    assert_eq!(cleared["docs_secret_set"], false);
    app.stop().await
}

#[tokio::test]
async fn saved_settings_take_effect_without_restart() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let admin = &env.app.admin;
    let first = env.upload_fixture(admin, "test.docx", "First.docx").await?;
    let shown = admin.get_json(SETTINGS).await?;
    assert_eq!(shown["docs_url"], env.emulator.base_url().as_str());
    assert_eq!(shown["docs_secret_set"], true);
    assert_eq!(shown["saved"], json!([]), "all from the configuration");

    // Bureau's address as the Document Server sees it: document.url and callbackUrl follow.
    let port = env.app.base.rsplit(':').next().context("port")?;
    let localhost = format!("http://localhost:{port}/");
    let saved = save(admin, json!({"internal_url": localhost})).await?;
    assert_eq!(saved["effective"]["internal_url"], localhost.as_str());
    let config = env.page_config(admin, &first, "").await?;
    let url = config["document"]["url"].as_str().context("document.url")?;
    assert!(url.starts_with(&format!("{localhost}office/")), "{url}");
    let callback = config["editorConfig"]["callbackUrl"]
        .as_str()
        .context("cb")?;
    assert!(callback.starts_with(&localhost), "{callback}");

    // A wrong secret: the Document Server refuses Bureau's configs, Bureau its callbacks.
    let (tab, key) = env.join(admin, &first).await?;
    env.ds().edit(&tab, "Typed before the secret changed")?;
    save(admin, json!({"docs_secret": "not-the-secret"})).await?;
    let second = env
        .upload_fixture(admin, "test.docx", "Second.docx")
        .await?;
    let refused = env
        .ds()
        .open(&env.page_config(admin, &second, "").await?)
        .await;
    ensure!(
        refused.is_err(),
        "the emulator accepted a config signed with a wrong secret"
    );
    env.ds().leave(&tab)?;
    let record = env
        .ds()
        .wait_for_callback(&key, 2, Duration::from_secs(30))
        .await?;
    assert!(!record.reply.contains("\"error\":0"), "{}", record.reply);

    // The right secret again: editing saves.
    save(admin, json!({"docs_secret": SECRET})).await?;
    let third = env.upload_fixture(admin, "test.docx", "Third.docx").await?;
    let (tab, key) = env.join(admin, &third).await?;
    env.ds().edit(&tab, "Typed after the fix")?;
    env.ds().leave(&tab)?;
    env.accepted(&key, 2).await?;
    assert_eq!(versions(admin, &third).await?.len(), 2);

    // No Document Server: the office routes say so; forgetting the saved settings restores it.
    save(admin, json!({"docs_url": ""})).await?;
    let off = admin.get(&format!("/office/{third}/open")).send().await?;
    expect_error(off, 404, "office_not_configured").await?;
    let reset = json_with(admin.request(Method::DELETE, SETTINGS).send().await?, 200).await?;
    assert_eq!(reset["saved"], json!([]));
    open_json(admin, &third, 200).await?;
    env.app.stop().await
}

#[tokio::test]
async fn the_test_checks_unsaved_settings_without_saving_them() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let admin = &env.app.admin;
    let report = test_connection(admin, json!({})).await?;
    assert_eq!(report["ok"], true, "{report}");
    for name in [
        "database",
        "blobs",
        "docs.addresses",
        "docs.healthcheck",
        "docs.secret",
        "bureau.internal_url",
        "docs.round_trip",
    ] {
        step(&report, name)?;
    }

    let wrong = test_connection(admin, json!({"docs_secret": "not-the-secret"})).await?;
    assert_eq!(wrong["ok"], false);
    assert_eq!(failed(&wrong), ["docs.secret"], "{wrong}");
    let fix = step(&wrong, "docs.secret")?["fix"]
        .as_str()
        .context("fix")?;
    assert!(fix.contains("Settings ▸ JWT secret"), "{fix}");
    assert_eq!(admin.get_json(SETTINGS).await?["saved"], json!([]));

    // Another address for the same Document Server: the whole round trip runs on it.
    let emulator = env.emulator.base_url();
    let other = format!(
        "http://localhost:{}/",
        emulator.port().context("emulator port")?
    );
    let moved = test_connection(admin, json!({"docs_internal_url": other})).await?;
    assert_eq!(moved["ok"], true, "{moved}");
    let detail = step(&moved, "docs.addresses")?["detail"]
        .as_str()
        .context("d")?;
    assert!(detail.contains(&other), "{detail}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let nowhere = test_connection(admin, json!({"docs_url": format!("http://{closed}/")})).await?;
    assert_eq!(failed(&nowhere), ["docs.healthcheck"], "{nowhere}");
    let off = test_connection(admin, json!({"docs_url": ""})).await?;
    assert_eq!(off["ok"], true);
    step(&off, "docs")?;
    env.app.stop().await
}

#[tokio::test]
async fn doctor_and_deep_readiness_follow_the_saved_settings() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let admin = &env.app.admin;
    save(admin, json!({"docs_secret": "not-the-secret"})).await?;
    let ready = json_with(admin.get("/readyz?deep=1").send().await?, 503).await?;
    assert_eq!(failed(&ready), ["docs.secret"], "{ready}");
    let fix = step(&ready, "docs.secret")?["fix"]
        .as_str()
        .context("fix")?;
    assert!(fix.contains("Settings ▸ JWT secret"), "{fix}");

    // The CLI has the right secret in its environment, but the saved one wins.
    let mut cmd = bureau(env.app.data_dir());
    cmd.arg("doctor")
        .env("BUREAU_DOCS_URL", env.emulator.base_url().as_str())
        .env("BUREAU_DOCS_SECRET", SECRET)
        .env("BUREAU_INTERNAL_URL", format!("{}/", env.app.base));
    let output = tokio::task::spawn_blocking(move || cmd.output()).await??;
    let out = String::from_utf8(output.stdout)?;
    assert!(!output.status.success(), "{out}");
    assert!(
        out.contains("docs_secret        saved on the admin settings page"),
        "{out}"
    );
    assert!(out.contains("FAIL  docs.secret"), "{out}");
    assert!(!out.contains("not-the-secret"), "{out}");

    save(admin, json!({"docs_secret": SECRET})).await?;
    let ready = json_with(admin.get("/readyz?deep=1").send().await?, 200).await?;
    assert_eq!(ready["status"], "ok");
    env.app.stop().await
}

/// Polls `check` until it holds, for at most ten seconds.
async fn eventually<F, Fut>(what: &str, mut check: F) -> anyhow::Result<Duration>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<bool>>,
{
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if check().await? {
            return Ok(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("{what} did not happen within 10 s")
}

#[tokio::test]
async fn a_second_process_picks_the_saved_settings_up() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let docs = env.emulator.base_url().to_string();
    let shared = env.app.store_settings();
    let mut settings: Vec<(&str, &str)> = shared.iter().map(|(k, v)| (*k, v.as_str())).collect();
    settings.extend([("docs_url", docs.as_str()), ("docs_secret", SECRET)]);
    let b = TestApp::spawn_with(&settings).await?;
    let file = env
        .upload_fixture(&env.app.admin, "test.docx", "Shared.docx")
        .await?;
    open_json(&b.admin, &file, 200).await?;

    save(&env.app.admin, json!({"docs_url": ""})).await?;
    let took = eventually("the second process turning editing off", || async {
        let r = b.admin.get(&format!("/office/{file}/open")).send().await?;
        Ok(r.status() == 404)
    })
    .await?;
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let seen = b.admin.get_json(SETTINGS).await?;
    assert_eq!(seen["saved"], json!(["docs_url"]), "{seen}");

    save(&env.app.admin, json!({"docs_url": docs})).await?;
    eventually("the second process reconnecting", || async {
        let r = b.admin.get(&format!("/office/{file}/open")).send().await?;
        Ok(r.status() == 200)
    })
    .await?;
    b.stop().await?;
    env.app.stop().await
}
