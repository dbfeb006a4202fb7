//! The admin pages in the browser: Test connection on the settings page goes all green against
//! the docserver-emulator, then red on the secret check with its fix once a wrong JWT secret is
//! saved from the page; the users page adds an account, disables it and sets its password.

use anyhow::{Context as _, ensure};
use serde_json::{Value, json};

use super::{driver::Chrome, sign_in, wait_notice};
use crate::{
    office::OfficeEnv,
    support::{TestApp, expect_error},
};

/// Clicks Test connection and waits for the result; returns each step as
/// `{name, ok, detail, fix}` and whether the summary says every check passed.
async fn test_connection(chrome: &Chrome) -> anyhow::Result<(bool, Vec<Value>)> {
    chrome.click("#settings-test").await?;
    let summary = chrome
        .wait_until(
            "the connection test's result",
            "const s = document.getElementById('test-summary'); return s.className || null;",
            json!([]),
        )
        .await?;
    let steps = chrome
        .js(
            "return [...document.querySelectorAll('#test-steps li')].map(li => ({ \
               name: li.dataset.name, ok: li.className === 'ok', \
               mark: li.querySelector('.mark').textContent, \
               detail: li.querySelector('.detail').textContent, \
               fix: li.querySelector('.fix') ? li.querySelector('.fix').textContent : null }));",
            json!([]),
        )
        .await?;
    let steps = steps.as_array().context("steps")?.clone();
    Ok((summary == "ok", steps))
}

#[tokio::test]
async fn test_connection_goes_green_then_red_with_the_fix_after_a_wrong_secret()
-> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = async {
        sign_in(&mut chrome, &env.app.base).await?;
        chrome.click("#user-name").await?;
        chrome.click("#menu-admin-settings").await?;
        chrome.wait_for("#settings-form").await?;
        let shown = chrome
            .js(
                "return document.getElementById('docs-url').value;",
                json!([]),
            )
            .await?;
        ensure!(
            shown == env.emulator.base_url().as_str(),
            "docs url: {shown}"
        );
        chrome.step("settings page").await?;

        let (ok, steps) = test_connection(&chrome).await?;
        let names: Vec<&str> = steps.iter().filter_map(|s| s["name"].as_str()).collect();
        ensure!(ok && steps.iter().all(|s| s["mark"] == "✓"), "{steps:?}");
        for name in ["docs.healthcheck", "docs.secret", "docs.round_trip"] {
            ensure!(names.contains(&name), "{name} missing: {names:?}");
        }
        chrome.step("all green").await?;

        chrome.type_into("#docs-secret", "not-the-secret").await?;
        chrome.click("#settings-save").await?;
        wait_notice(&chrome, "Settings saved.").await?;
        let state = chrome.text("#secret-state").await?;
        ensure!(state == "A secret is set.", "secret state: {state}");
        chrome.step("wrong secret saved").await?;

        let (ok, steps) = test_connection(&chrome).await?;
        let failed: Vec<&Value> = steps.iter().filter(|s| s["ok"] == false).collect();
        ensure!(!ok && failed.len() == 1, "{steps:?}");
        let step = failed[0];
        ensure!(
            step["name"] == "docs.secret" && step["mark"] == "✗",
            "{step}"
        );
        let fix = step["fix"].as_str().context("no fix shown")?;
        ensure!(
            fix.starts_with("Fix: wrong secret: Settings ▸ JWT secret must equal"),
            "fix: {fix}"
        );
        chrome.step("red with the fix").await
    }
    .await;
    chrome.finish("admin_test_connection", outcome).await?;
    // The wrong secret was saved, not just shown: the server now uses it.
    let settings = env.app.admin.get_json("/api/v1/admin/settings").await?;
    assert_eq!(settings["saved"], json!(["docs_secret"]));
    env.app.stop().await
}

#[tokio::test]
async fn the_users_page_adds_disables_and_resets_a_user() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let mut chrome = Chrome::start("en").await?;
    let row = "tr[data-login='carol']";
    let outcome = async {
        sign_in(&mut chrome, &app.base).await?;
        chrome.click("#user-name").await?;
        chrome.click("#menu-admin-users").await?;
        chrome.type_into("#new-login", "carol").await?;
        chrome.type_into("#new-name", "Carol Martin").await?;
        chrome.type_into("#new-password", "carol-secret-pw").await?;
        chrome.click("#add-user-submit").await?;
        wait_notice(&chrome, "User added: carol").await?;
        let status = chrome.text(&format!("{row} .status")).await?;
        ensure!(status == "Active", "status: {status}");
        chrome.step("added").await?;

        chrome
            .click(&format!("{row} button[data-action=disable]"))
            .await?;
        chrome
            .wait_for(&format!("{row} button[data-action=enable]"))
            .await?;
        let status = chrome.text(&format!("{row} .status")).await?;
        ensure!(status == "Disabled", "status: {status}");
        chrome.step("disabled").await?;

        chrome
            .click(&format!("{row} button[data-action=password]"))
            .await?;
        chrome.accept_dialog(Some("carol-new-password")).await?;
        wait_notice(&chrome, "Password changed: their sessions have ended.").await?;
        chrome.step("password set").await
    }
    .await;
    chrome.finish("admin_users_page", outcome).await?;
    let refused = app.browser().login("carol", "carol-new-password").await?;
    expect_error(refused, 403, "invalid_credentials").await?;
    let carol = app.admin.get_json("/api/v1/admin/users").await?;
    let id = carol["users"]
        .as_array()
        .and_then(|all| all.iter().find(|u| u["login"] == "carol"))
        .and_then(|u| u["id"].as_str())
        .context("carol")?
        .to_owned();
    let enabled = app
        .admin
        .send_json(
            reqwest::Method::PATCH,
            &format!("/api/v1/admin/users/{id}"),
            json!({"disabled": false}),
        )
        .await?;
    assert_eq!(enabled.status(), 200);
    app.browser().sign_in("carol", "carol-new-password").await?;
    app.stop().await
}
