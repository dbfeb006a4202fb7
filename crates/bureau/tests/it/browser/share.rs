//! Sharing from the browser: ⋯ ▸ Share with a second user as viewer (and a public link); that
//! user finds the file under "Shared with me" and the editor opens it read-only. Shares expire
//! on the day the dialog sets; a shared folder is browsed by its recipient within their role.

use anyhow::ensure;
use serde_json::json;

use super::{driver::Chrome, sign_in, sign_in_as, wait_notice};
use crate::{
    office::OfficeEnv,
    sharing::share_with,
    support::{TestApp, field, password_of},
};

#[tokio::test]
async fn a_file_shared_as_viewer_opens_read_only_for_the_other_user() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    env.app.user("bob").await?;
    env.upload_fixture(&env.app.admin, "test.docx", "Budget.docx")
        .await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = async {
        share_with_bob(&mut chrome, &env).await?;
        chrome.click("#user-name").await?;
        chrome.click("#sign-out").await?;
        chrome.wait_for("#login-form").await?;
        sign_in_as(&mut chrome, &env.app.base, "bob", &password_of("bob")).await?;
        chrome.click("#nav-shared").await?;
        let role = chrome.text("tr[data-name='Budget.docx'] .role").await?;
        ensure!(role == "Can view", "role: {role}");
        chrome.step("shared with me").await?;
        chrome.click("tr[data-name='Budget.docx'] a.open").await?;
        chrome.frame(Some("iframe[name=frameEditor]")).await?;
        chrome.wait_for("body[data-state=ready]").await?;
        let mode = chrome.text("#docs-mode").await?;
        ensure!(mode == "view", "bob's editor mode: {mode}");
        chrome.step("read-only editor").await
    }
    .await;
    chrome.finish("share_as_viewer", outcome).await
}

async fn share_with_bob(chrome: &mut Chrome, env: &OfficeEnv) -> anyhow::Result<()> {
    sign_in(chrome, &env.app.base).await?;
    let row = "tr[data-name='Budget.docx']";
    chrome.click(&format!("{row} summary")).await?;
    chrome
        .click(&format!("{row} button[data-action=share]"))
        .await?;
    // The dialog opens once the entry's shares are loaded.
    chrome.wait_for("#share-dialog[open]").await?;
    chrome.type_into("#share-login", "bob").await?;
    chrome.click("#share-add").await?;
    chrome
        .wait_until(
            "bob in the share list",
            "return [...document.querySelectorAll('#share-list li')] \
               .some(li => li.textContent.includes('(bob)') && li.textContent.includes('Can view'));",
            json!([]),
        )
        .await?;
    chrome.click("#share-link-create").await?;
    let url = chrome
        .wait_until(
            "the public link",
            "const f = document.getElementById('share-link-url'); return f.value || null;",
            json!([]),
        )
        .await?;
    ensure!(
        url.as_str()
            .is_some_and(|u| u.starts_with(&format!("{}/s/", env.app.base))),
        "link: {url}"
    );
    chrome.step("shared").await?;
    chrome.click("#share-close").await
}

#[tokio::test]
async fn shares_and_links_expire_on_the_day_set_in_the_dialog() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.user("bob").await?;
    let id = field(&app.admin.upload("Plan.txt", b"plan".to_vec()).await?, "id")?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = async {
        sign_in(&mut chrome, &app.base).await?;
        let row = "tr[data-name='Plan.txt']";
        chrome.click(&format!("{row} summary")).await?;
        chrome
            .click(&format!("{row} button[data-action=share]"))
            .await?;
        chrome.wait_for("#share-dialog[open]").await?;
        set_date(&chrome, "#share-expiry", "2030-01-31").await?;
        chrome.type_into("#share-login", "bob").await?;
        chrome.click("#share-add").await?;
        share_listed(&chrome, "(bob)", "Expires Jan 31, 2030").await?;
        set_date(&chrome, "#share-link-expiry", "2030-02-28").await?;
        chrome.click("#share-link-create").await?;
        share_listed(&chrome, "Public link", "Expires Feb 28, 2030").await?;
        chrome.step("expiring shares").await?;

        let shares = app
            .admin
            .get_json(&format!("/api/v1/files/{id}/shares"))
            .await?;
        let shares = shares["shares"].as_array().cloned().unwrap_or_default();
        ensure!(shares.len() == 2, "shares: {shares:?}");
        for share in &shares {
            let day = if share["kind"] == "user" { "2030-01-31" } else { "2030-02-28" };
            // The end of the chosen day in the browser's time zone.
            let same = chrome
                .js(
                    "return Date.parse(arguments[0]) === new Date(`${arguments[1]}T23:59:59`).getTime();",
                    json!([share["expires_at"], day]),
                )
                .await?;
            ensure!(same == json!(true), "expiry of {share}");
        }
        Ok(())
    }
    .await;
    chrome.finish("share_expiry", outcome).await?;
    app.stop().await
}

/// Sets a date field as a person picking a day would.
async fn set_date(chrome: &Chrome, css: &str, day: &str) -> anyhow::Result<()> {
    chrome
        .js(
            "const f = document.querySelector(arguments[0]); f.value = arguments[1]; \
             f.dispatchEvent(new Event('input', { bubbles: true })); \
             f.dispatchEvent(new Event('change', { bubbles: true }));",
            json!([css, day]),
        )
        .await
        .map(drop)
}

/// Waits until the Share dialog lists a share naming `who` with `expiry`.
async fn share_listed(chrome: &Chrome, who: &str, expiry: &str) -> anyhow::Result<()> {
    chrome
        .wait_until(
            &format!("{who} expiring in the share list"),
            "return [...document.querySelectorAll('#share-list li')].some(li => \
               li.textContent.includes(arguments[0]) && \
               li.querySelector('.expiry').textContent === arguments[1]);",
            json!([who, expiry]),
        )
        .await
        .map(drop)
}

#[tokio::test]
async fn a_recipient_browses_a_shared_folder_within_their_role() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.user("bob").await?;
    let owner = &app.admin;
    let team = field(&owner.mkdir(None, "Team").await?, "id")?;
    let plans = field(&owner.mkdir(Some(&team), "Plans").await?, "id")?;
    owner
        .upload_in(Some(&plans), "road.txt", b"the road".to_vec())
        .await?;
    share_with(owner, "folders", &team, "bob", "view").await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = async {
        sign_in_as(&mut chrome, &app.base, "bob", &password_of("bob")).await?;
        chrome.click("#nav-shared").await?;
        chrome.click("tr[data-name='Team'] a.open").await?;
        chrome.click("tr[data-name='Plans'] a.open").await?;
        chrome.wait_for("tr[data-name='road.txt']").await?;
        let crumbs = chrome
            .js(
                "return [...document.querySelectorAll('#crumbs a, #crumbs [aria-current]')] \
                   .map(e => e.textContent);",
                json!([]),
            )
            .await?;
        ensure!(
            crumbs == json!(["Shared with me", "Team", "Plans"]),
            "crumbs: {crumbs}"
        );
        let role = chrome.text("#shared-role").await?;
        ensure!(role == "Can view", "role: {role}");
        let offered = chrome
            .js(
                "return [document.getElementById('new-button'), document.getElementById('upload-button')] \
                   .every(e => e === null);",
                json!([]),
            )
            .await?;
        ensure!(offered == json!(true), "New and Upload are not offered");
        chrome.step("shared subfolder").await?;
        let row = "tr[data-name='road.txt']";
        chrome.click(&format!("{row} summary")).await?;
        let actions = chrome
            .js(
                "return [...document.querySelectorAll(arguments[0] + ' .menu-items > *')] \
                   .map(e => e.textContent.trim());",
                json!([row]),
            )
            .await?;
        ensure!(
            actions == json!(["View", "Download", "Versions"]),
            "a viewer's actions: {actions}"
        );
        chrome
            .click(&format!("{row} button[data-action=download]"))
            .await?;
        wait_notice(&chrome, "Document downloaded").await?;
        chrome
            .click(&format!("#crumbs a[href='/folders/{team}']"))
            .await?;
        chrome.wait_for("tr[data-name='Plans']").await?;
        chrome.step("back in the shared folder").await
    }
    .await;
    chrome.finish("shared_folder_browsing", outcome).await?;
    app.stop().await
}
