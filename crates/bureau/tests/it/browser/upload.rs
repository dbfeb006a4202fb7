//! Uploads from the browser: several files through the file input (as the Upload button does)
//! and a drag-and-drop, each with a progress bar reaching 100%, a taken name stored as ` (2)`,
//! and a file over the limit refused with a clear message.

use anyhow::ensure;
use serde_json::json;

use super::{driver::Chrome, sign_in};
use crate::support::{TestApp, pattern};

#[tokio::test]
async fn uploads_show_progress_and_are_listed() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(&[("max_upload_size", "1MiB")]).await?;
    app.admin
        .upload("notes.txt", b"already here".to_vec())
        .await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = scenario(&mut chrome, &app).await;
    chrome.finish("uploads_show_progress", outcome).await
}

async fn scenario(chrome: &mut Chrome, app: &TestApp) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let files = [
        ("notes.txt", pattern(300_000, 1)),
        ("report.bin", pattern(600_000, 2)),
        ("huge.bin", pattern(1_500_000, 3)),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes)?;
    }
    sign_in(chrome, &app.base).await?;
    let paths: Vec<String> = files
        .iter()
        .map(|(name, _)| dir.path().join(name).display().to_string())
        .collect();
    chrome.type_into("#upload-input", &paths.join("\n")).await?;
    let statuses = chrome
        .wait_until(
            "three finished uploads",
            "const items = [...document.querySelectorAll('#uploads li')]; \
             if (items.length < 3 || items.some(li => !li.matches('.done, .failed'))) return null; \
             return items.map(li => [li.dataset.name, li.className, \
               li.querySelector('progress').value, li.querySelector('.upload-status').textContent]);",
            json!([]),
        )
        .await?;
    chrome.step("uploaded").await?;
    let total = chrome
        .js(
            "return document.getElementById('upload-total-bar').value;",
            json!([]),
        )
        .await?;
    ensure!(total == 100, "total progress: {total}");
    let expected = json!([
        ["notes.txt", "upload done", 100, "Saved as notes (2).txt"],
        ["report.bin", "upload done", 100, "Uploaded"],
    ]);
    ensure!(
        statuses[0] == expected[0] && statuses[1] == expected[1],
        "upload rows: {statuses}"
    );
    ensure!(
        statuses[2][1] == "upload failed"
            && statuses[2][3] == "Too large: the file exceeds the server's upload limit.",
        "the too-large upload: {}",
        statuses[2]
    );
    for name in ["notes (2).txt", "report.bin"] {
        chrome.wait_for(&format!("tr[data-name='{name}']")).await?;
    }
    drop_file(chrome).await?;
    sort_by_size(chrome).await?;
    let names = app.admin.child_names("root").await?;
    ensure!(
        names.contains(&"notes (2).txt".to_owned())
            && names.contains(&"report.bin".to_owned())
            && names.contains(&"dropped.txt".to_owned())
            && !names.contains(&"huge.bin".to_owned()),
        "stored: {names:?}"
    );
    Ok(())
}

/// Drops a file on the page, as a drag from the desktop does.
async fn drop_file(chrome: &mut Chrome) -> anyhow::Result<()> {
    chrome
        .js(
            "const data = new DataTransfer(); \
             data.items.add(new File(['dropped by a test'], 'dropped.txt', { type: 'text/plain' })); \
             for (const type of ['dragover', 'drop']) { \
               document.body.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true })); \
             }",
            json!([]),
        )
        .await?;
    chrome
        .wait_until(
            "the dropped file's progress at 100%",
            "const li = document.querySelector('#uploads li[data-name=\"dropped.txt\"].done'); \
             return li && li.querySelector('progress').value === 100;",
            json!([]),
        )
        .await?;
    chrome.wait_for("tr[data-name='dropped.txt']").await?;
    chrome.step("dropped").await
}

/// Size ▲ then Size ▼: files by size, folders (none here) first.
async fn sort_by_size(chrome: &mut Chrome) -> anyhow::Result<()> {
    let order =
        "return [...document.querySelectorAll('#listing tbody tr')].map(r => r.dataset.name);";
    chrome.click("#listing button[data-sort=size]").await?;
    let ascending = chrome.js(order, json!([])).await?;
    ensure!(
        ascending == json!(["notes.txt", "dropped.txt", "notes (2).txt", "report.bin"]),
        "by size: {ascending}"
    );
    chrome.click("#listing button[data-sort=size]").await?;
    let descending = chrome.js(order, json!([])).await?;
    ensure!(
        descending == json!(["report.bin", "notes (2).txt", "dropped.txt", "notes.txt"]),
        "by size, descending: {descending}"
    );
    chrome.step("sorted by size").await
}

#[tokio::test]
async fn an_upload_shows_progress_midway_and_can_be_cancelled() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = async {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("slow.bin");
        std::fs::write(&path, pattern(2_000_000, 4))?;
        sign_in(&mut chrome, &app.base).await?;
        chrome.throttle_upload(100_000).await?;
        chrome
            .type_into("#upload-input", &path.display().to_string())
            .await?;
        let midway = chrome
            .wait_until(
                "progress midway",
                "const v = document.querySelector('#uploads li progress')?.value; \
                 return v > 0 && v < 100 && v;",
                json!([]),
            )
            .await?;
        chrome.step("midway").await?;
        chrome.click("#uploads .upload-cancel").await?;
        let status = chrome
            .wait_until(
                "the cancelled upload",
                "const li = document.querySelector('#uploads li.failed'); \
                 return li && li.querySelector('.upload-status').textContent;",
                json!([]),
            )
            .await?;
        ensure!(status == "Cancelled", "status: {status} (was at {midway}%)");
        chrome.step("cancelled").await?;
        let names = app.admin.child_names("root").await?;
        ensure!(names.is_empty(), "stored after a cancel: {names:?}");
        Ok(())
    }
    .await;
    chrome.finish("upload_cancelled", outcome).await
}
