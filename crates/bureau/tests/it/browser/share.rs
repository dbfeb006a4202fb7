//! Sharing from the browser: ⋯ ▸ Share with a second user as viewer (and a public link); that
//! user finds the file under "Shared with me" and the editor opens it read-only.

use anyhow::ensure;
use serde_json::json;

use super::{driver::Chrome, sign_in, sign_in_as};
use crate::{office::OfficeEnv, support::password_of};

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
