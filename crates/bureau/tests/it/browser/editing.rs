//! Sign in → New ▸ Document → the emulated ONLYOFFICE editor → type → Close → the list shows
//! version 2 → Download gives the file, under its name, with the text inside.

use std::{path::Path, time::Duration};

use anyhow::{Context as _, ensure};
use serde_json::json;

use super::{driver::Chrome, sign_in, wait_notice};
use crate::{
    office::{OfficeEnv, WAIT, zip_part},
    support::read_file,
};

const TEXT: &str = "Bonjour depuis Chromium";

#[tokio::test]
async fn new_document_edited_in_the_browser_is_saved_and_downloads_with_the_text()
-> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = scenario(&mut chrome, &env).await;
    chrome.finish("new_document_edited", outcome).await
}

async fn scenario(chrome: &mut Chrome, env: &OfficeEnv) -> anyhow::Result<()> {
    sign_in(chrome, &env.app.base).await?;
    chrome.click("#new-button").await?;
    chrome.click("#new-document").await?;
    let url = chrome
        .wait_until(
            "the editor page",
            "return /\\/office\\/[^/]+\\/edit/.test(location.pathname) && location.pathname;",
            json!([]),
        )
        .await?;
    let file_id = url
        .as_str()
        .and_then(|p| p.split('/').nth(2))
        .context("file id in the editor URL")?
        .to_owned();

    let page = env
        .app
        .admin
        .get(&format!("/office/{file_id}/edit"))
        .send()
        .await?;
    ensure!(
        page.headers()["referrer-policy"] == "same-origin",
        "editor page headers: {:?}",
        page.headers()
    );

    chrome.frame(Some("iframe[name=frameEditor]")).await?;
    chrome.wait_for("body[data-state=ready] #docs-text").await?;
    chrome.step("editor loaded").await?;
    chrome.type_into("#docs-text", TEXT).await?;
    chrome.click("#docs-add").await?;
    chrome
        .wait_until(
            "the paragraph in the editor",
            "return document.getElementById('docs-content').textContent.includes(arguments[0]);",
            json!([TEXT]),
        )
        .await?;
    chrome.step("text typed").await?;
    badge_shows_the_editor(env).await?;
    chrome.click("#docs-close").await?;
    chrome.frame(None).await?;
    chrome.wait_for("#browser").await?;
    chrome.step("back in the list").await?;

    wait_for_version(env, &file_id, 2).await?;
    chrome.goto(&chrome.url().await?).await?;
    let row = format!("tr[data-id='{file_id}']");
    chrome.wait_for(&format!("{row}[data-version='2']")).await?;
    chrome.step("version 2 listed").await?;

    chrome
        .js(
            "window.notices = []; const n = document.getElementById('notice'); \
             new MutationObserver(() => window.notices.push(n.textContent)) \
               .observe(n, { childList: true, characterData: true, subtree: true });",
            json!([]),
        )
        .await?;
    chrome.click(&format!("{row} summary")).await?;
    chrome
        .click(&format!("{row} button[data-action=download]"))
        .await?;
    wait_notice(chrome, "Document downloaded").await?;
    let notices = chrome.js("return window.notices;", json!([])).await?;
    ensure!(
        notices[0] == "Preparing the document for download…",
        "notices: {notices}"
    );
    chrome.step("downloaded").await?;
    let bytes = downloaded(&chrome.downloads.path().join("New document.docx")).await?;
    let xml = zip_part(&bytes, "word/document.xml")?;
    ensure!(xml.contains(TEXT), "the download lacks the text: {xml}");
    download_as_pdf(chrome, &row).await?;
    open_read_only(chrome, &row).await
}

/// ⋯ ▸ Download as… ▸ PDF: the Document Server converts, the browser saves `<stem>.pdf`.
async fn download_as_pdf(chrome: &mut Chrome, row: &str) -> anyhow::Result<()> {
    chrome.click(&format!("{row} summary")).await?;
    chrome
        .click(&format!("{row} button[data-action=download-as]"))
        .await?;
    chrome.wait_for("#download-as-dialog[open]").await?;
    let offered = chrome
        .js(
            "const s = document.getElementById('download-as-format'); \
             return [s.value, [...s.options].map(o => o.value)];",
            json!([]),
        )
        .await?;
    ensure!(
        offered[0] == "pdf"
            && ["odt", "rtf", "txt"]
                .iter()
                .all(|f| offered[1].as_array().is_some_and(|a| a.contains(&json!(f)))),
        "formats offered: {offered}"
    );
    chrome.click("#download-as-go").await?;
    let pdf = downloaded(&chrome.downloads.path().join("New document.pdf")).await?;
    ensure!(
        pdf.starts_with(b"%PDF"),
        "not a PDF: {:?}",
        &pdf[..pdf.len().min(16)]
    );
    chrome.step("downloaded as PDF").await
}

/// ⋯ ▸ View opens the same document in the editor's view mode.
async fn open_read_only(chrome: &mut Chrome, row: &str) -> anyhow::Result<()> {
    chrome.click(&format!("{row} summary")).await?;
    chrome.click(&format!("{row} a.view")).await?;
    chrome.frame(Some("iframe[name=frameEditor]")).await?;
    chrome.wait_for("body[data-state=ready]").await?;
    let mode = chrome.text("#docs-mode").await?;
    ensure!(mode == "view", "mode: {mode}");
    chrome.step("view mode").await
}

/// While the editor is open, the folder listing says who edits the file.
async fn badge_shows_the_editor(env: &OfficeEnv) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let html = env.app.admin.get("/").send().await?.text().await?;
        if html.contains("Being edited by admin") {
            return Ok(());
        }
        ensure!(
            tokio::time::Instant::now() < deadline,
            "no \"being edited by\" badge: {html}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn wait_for_version(env: &OfficeEnv, file_id: &str, version: i64) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let file = env
            .app
            .admin
            .get_json(&format!("/api/v1/files/{file_id}"))
            .await?;
        if file["version"] == version {
            return Ok(());
        }
        ensure!(
            tokio::time::Instant::now() < deadline,
            "no version {version}: {file}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits for a finished download (Chromium writes `.crdownload` first) and reads it.
async fn downloaded(path: &Path) -> anyhow::Result<Vec<u8>> {
    for _ in 0..150 {
        if path.exists() {
            return read_file(path);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let dir = path.parent().context("download dir")?;
    let found: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    anyhow::bail!("{} was not downloaded; found {found:?}", path.display())
}
