//! The editor page's history wiring in real Chromium: the History button of the (emulated)
//! editor appears because the page declares the history events, and clicking it makes the page
//! fetch `/office/:id/history` and hand it to `docEditor.refreshHistory`.

use serde_json::json;

use super::{driver::Chrome, sign_in};
use crate::office::OfficeEnv;

#[tokio::test]
async fn the_history_button_shows_the_versions_from_bureau() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "History.docx").await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().edit(&conn, "Saved once")?;
    env.ds().leave(&conn)?;
    env.accepted(&key, 2).await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = scenario(&mut chrome, &env, &id).await;
    chrome.finish("history_button", outcome).await
}

async fn scenario(chrome: &mut Chrome, env: &OfficeEnv, id: &str) -> anyhow::Result<()> {
    sign_in(chrome, &env.app.base).await?;
    chrome
        .goto(&format!("{}/office/{id}/edit", env.app.base))
        .await?;
    chrome.frame(Some("iframe[name=frameEditor]")).await?;
    chrome
        .wait_for("body[data-state=ready] #docs-history:not(.hidden)")
        .await?;
    chrome.step("editor with a History button").await?;
    chrome.click("#docs-history").await?;
    chrome
        .wait_until(
            "the history in the editor",
            "const s = document.getElementById('docs-status').textContent; \
             return s.includes('\"currentVersion\":2') && s.includes('\"serverVersion\"');",
            json!([]),
        )
        .await?;
    chrome.step("history shown").await
}
