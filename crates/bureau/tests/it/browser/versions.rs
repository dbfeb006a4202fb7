//! The versions panel: every version with its source, the current one marked, and an older one
//! restored from the browser as a new version.

use anyhow::ensure;
use serde_json::json;

use super::{driver::Chrome, sign_in, wait_notice};
use crate::support::{TestApp, field};

#[tokio::test]
async fn the_versions_panel_lists_and_restores_versions() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let file = app.admin.upload("plan.txt", b"first".to_vec()).await?;
    let id = field(&file, "id")?;
    app.admin.replace(&id, b"second".to_vec()).await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = scenario(&mut chrome, &app, &id).await;
    chrome.finish("versions_panel", outcome).await
}

/// The rows of the panel: number, source, whether current.
const ROWS: &str = "return [...document.querySelectorAll('#listing tbody tr')] \
    .map(r => [Number(r.dataset.number), r.querySelector('.source').textContent, \
               r.classList.contains('current')]);";

async fn scenario(chrome: &mut Chrome, app: &TestApp, id: &str) -> anyhow::Result<()> {
    sign_in(chrome, &app.base).await?;
    let row = format!("tr[data-id='{id}']");
    chrome.click(&format!("{row} summary")).await?;
    chrome
        .click(&format!("{row} a[href='/files/{id}/versions']"))
        .await?;
    chrome.wait_for("#versions").await?;
    let rows = chrome.js(ROWS, json!([])).await?;
    ensure!(
        rows == json!([[2, "Upload", true], [1, "Upload", false]]),
        "versions: {rows}"
    );
    chrome.step("versions").await?;

    chrome.click("button[data-restore='1']").await?;
    wait_notice(chrome, "Version restored").await?;
    chrome.wait_for("tr.current[data-number='3']").await?;
    let rows = chrome.js(ROWS, json!([])).await?;
    ensure!(
        rows[0] == json!([3, "Restored", true]),
        "after the restore: {rows}"
    );
    chrome.step("restored").await?;
    ensure!(app.admin.download(id).await? == b"first");
    chrome.click("#back-to-folder").await?;
    chrome.wait_for(&format!("{row}[data-version='3']")).await?;
    Ok(())
}
