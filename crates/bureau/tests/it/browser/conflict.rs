//! The editor page's conflict dialog: while a document is open in the emulated editor, a new
//! version arrives through the API (an upload); the page offers to keep editing into a copy or
//! to reload the newest version, and each choice does what it says (checked through the API).

use anyhow::{Context as _, ensure};
use serde_json::{Value, json};

use super::{driver::Chrome, sign_in};
use crate::{
    office::{OfficeEnv, version_bytes, versions, zip_part},
    support::{fixtures_dir, read_file},
};

/// What `test.docx`, the version the editor opens, says.
const ORIGINAL: &str = "python-docx was here!";

#[tokio::test]
async fn keeping_on_after_a_conflict_writes_into_a_copy() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = keep(&mut chrome, &env).await;
    chrome.finish("conflict_keep", outcome).await
}

#[tokio::test]
async fn reloading_after_a_conflict_edits_the_newest_version() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = reload(&mut chrome, &env).await;
    chrome.finish("conflict_reload", outcome).await
}

/// Opens `Report.docx` in the editor, uploads a new version through the API and waits for the
/// dialog; returns the file id and the upload.
async fn conflict(chrome: &mut Chrome, env: &OfficeEnv) -> anyhow::Result<(String, Vec<u8>)> {
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Report.docx").await?;
    sign_in(chrome, &env.app.base).await?;
    chrome
        .goto(&env.app.url(&format!("/office/{id}/edit")))
        .await?;
    editor_ready(chrome).await?;
    chrome.step("editor open").await?;
    let upload = read_file(&fixtures_dir().join("having-images.docx"))?;
    api.replace(&id, upload.clone()).await?;
    chrome.wait_for("#conflict-dialog[open]").await?;
    let title = chrome.text("#conflict-title").await?;
    ensure!(
        title == "This file changed while you were editing it",
        "dialog: {title}"
    );
    chrome.step("conflict dialog").await?;
    Ok((id, upload))
}

async fn editor_ready(chrome: &Chrome) -> anyhow::Result<()> {
    chrome.frame(Some("iframe[name=frameEditor]")).await?;
    chrome.wait_for("body[data-state=ready] #docs-text").await?;
    chrome.frame(None).await
}

/// Types a paragraph in the editor and closes it, back to the file list.
async fn type_and_close(chrome: &mut Chrome, text: &str) -> anyhow::Result<()> {
    chrome.frame(Some("iframe[name=frameEditor]")).await?;
    chrome.type_into("#docs-text", text).await?;
    chrome.click("#docs-add").await?;
    chrome
        .wait_until(
            "the paragraph in the editor",
            "return document.getElementById('docs-content').textContent.includes(arguments[0]);",
            json!([text]),
        )
        .await?;
    chrome.click("#docs-close").await?;
    chrome.frame(None).await?;
    chrome.wait_for("#browser").await?;
    chrome.step("closed").await
}

/// The document key of the editor page's config.
async fn page_key(chrome: &Chrome) -> anyhow::Result<String> {
    let key = chrome
        .js(
            "return JSON.parse(document.getElementById('editor-config').textContent).document.key;",
            json!([]),
        )
        .await?;
    key.as_str().map(str::to_owned).context("no document key")
}

/// The root folder's entries.
async fn root(env: &OfficeEnv) -> anyhow::Result<Vec<Value>> {
    let listing = env.app.admin.get_json("/api/v1/folders/root").await?;
    Ok(listing["children"].as_array().cloned().unwrap_or_default())
}

/// Waits until `file_id` has `count` versions.
async fn wait_versions(env: &OfficeEnv, file_id: &str, count: usize) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + crate::office::WAIT;
    loop {
        let list = versions(&env.app.admin, file_id).await?;
        if list.len() == count {
            return Ok(());
        }
        ensure!(
            tokio::time::Instant::now() < deadline,
            "{file_id} has {} versions, not {count}",
            list.len()
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

async fn keep(chrome: &mut Chrome, env: &OfficeEnv) -> anyhow::Result<()> {
    let (id, upload) = conflict(chrome, env).await?;
    let key = page_key(chrome).await?;
    chrome.click("#conflict-keep").await?;
    let note = chrome
        .wait_until(
            "the note naming the copy",
            "const n = document.getElementById('note'); return !n.hidden && n.textContent;",
            json!([]),
        )
        .await?;
    let note = note.as_str().unwrap_or_default().to_owned();
    ensure!(
        note.starts_with("Your changes are now saved to Report (conflict ")
            && note.ends_with(").docx"),
        "note: {note}"
    );
    ensure!(
        chrome
            .js(
                "return document.getElementById('conflict-dialog').open;",
                json!([])
            )
            .await?
            == json!(false),
        "the dialog stays open"
    );
    let copy = root(env)
        .await?
        .into_iter()
        .find(|e| e["name"].as_str().is_some_and(|n| note.ends_with(n)))
        .context("the copy is not in the folder")?;
    let copy_id = copy["id"].as_str().context("copy id")?.to_owned();
    let path = chrome.js("return location.pathname;", json!([])).await?;
    ensure!(
        path == json!(format!("/office/{copy_id}/edit")),
        "the page now stands for the copy: {path}"
    );
    ensure!(
        page_key(chrome).await? == key,
        "the session goes on with its key"
    );
    chrome.step("kept editing").await?;

    type_and_close(chrome, "Typed into the copy").await?;
    wait_versions(env, &copy_id, 2).await?;
    let saved = zip_part(
        &version_bytes(&env.app.admin, &copy_id, 2).await?,
        "word/document.xml",
    )?;
    ensure!(
        saved.contains("Typed into the copy") && saved.contains(ORIGINAL),
        "the copy holds the edit on the version the editor had: {saved}"
    );
    ensure!(
        versions(&env.app.admin, &id).await?.len() == 2
            && version_bytes(&env.app.admin, &id, 2).await? == upload,
        "the upload stays the file's newest version"
    );
    Ok(())
}

async fn reload(chrome: &mut Chrome, env: &OfficeEnv) -> anyhow::Result<()> {
    let (id, _) = conflict(chrome, env).await?;
    let before = page_key(chrome).await?;
    chrome.click("#conflict-reload").await?;
    // The page reloads: scripts may fail while it is away.
    let deadline = tokio::time::Instant::now() + crate::office::WAIT;
    while page_key(chrome).await.ok().is_none_or(|key| key == before) {
        ensure!(
            tokio::time::Instant::now() < deadline,
            "the page did not reload"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    editor_ready(chrome).await?;
    chrome.step("reloaded").await?;
    type_and_close(chrome, "Typed after the reload").await?;
    wait_versions(env, &id, 3).await?;
    let saved = zip_part(
        &version_bytes(&env.app.admin, &id, 3).await?,
        "word/document.xml",
    )?;
    ensure!(
        saved.contains("Typed after the reload") && !saved.contains(ORIGINAL),
        "version 3 is the edit of the upload: {saved}"
    );
    let names: Vec<Value> = root(env).await?.iter().map(|e| e["name"].clone()).collect();
    ensure!(
        names == [json!("Report.docx")],
        "nothing was edited before the reload, so no copy: {names:?}"
    );
    Ok(())
}
