//! Managing files from the browser: a refused sign-in, folders and breadcrumbs, rename, delete
//! to the trash, restore, purge, the language menu, and the file browser on a phone-sized
//! screen.

use anyhow::ensure;
use bureau::store::users;
use serde_json::json;

use super::{driver::Chrome, sign_in, wait_notice};
use crate::support::{TestApp, field};

#[tokio::test]
async fn files_are_renamed_trashed_restored_and_purged() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let folder = app.admin.mkdir(None, "Projets").await?;
    let folder_id = field(&folder, "id")?;
    app.admin
        .upload_in(Some(&folder_id), "draft.txt", b"first draft".to_vec())
        .await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = scenario(&mut chrome, &app).await;
    chrome.finish("files_are_managed", outcome).await
}

const DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";
const F2: &str = "\u{E032}";

async fn scenario(chrome: &mut Chrome, app: &TestApp) -> anyhow::Result<()> {
    refused_sign_in(chrome, app).await?;
    sign_in(chrome, &app.base).await?;
    rename_and_trash(chrome).await?;
    restore_and_purge(chrome, app).await?;
    language_and_phone(chrome, app).await
}

async fn refused_sign_in(chrome: &mut Chrome, app: &TestApp) -> anyhow::Result<()> {
    chrome.goto(&app.url("/login")).await?;
    chrome.type_into("#login", "admin").await?;
    chrome.type_into("#password", "not the password").await?;
    chrome.click("#sign-in").await?;
    chrome
        .wait_until(
            "the sign-in refusal",
            "const e = document.getElementById('login-error'); \
             return !e.hidden && e.textContent;",
            json!([]),
        )
        .await
        .and_then(|shown| {
            ensure!(shown == "Wrong login or password.", "shown: {shown}");
            Ok(())
        })?;
    chrome.step("sign-in refused").await
}

/// Into the folder and rename from the keyboard: ↓ Enter, then ↓ F2.
async fn rename_and_trash(chrome: &mut Chrome) -> anyhow::Result<()> {
    chrome.press(DOWN).await?;
    chrome.press(ENTER).await?;
    chrome.wait_for("tr[data-name='draft.txt']").await?;
    let crumbs = chrome.text("#crumbs").await?;
    ensure!(
        crumbs.contains("My files") && crumbs.contains("Projets"),
        "{crumbs}"
    );
    chrome.press(DOWN).await?;
    chrome.press(F2).await?;
    chrome.accept_dialog(Some("final.txt")).await?;
    let row = "tr[data-name='final.txt']";
    chrome.wait_for(row).await?;
    chrome.step("renamed").await?;

    chrome.click(&format!("{row} summary")).await?;
    chrome
        .click(&format!("{row} button[data-action=delete]"))
        .await?;
    wait_notice(chrome, "Moved to the trash: final.txt").await?;
    chrome.wait_for("#empty").await?;
    chrome.step("trashed").await
}

async fn restore_and_purge(chrome: &mut Chrome, app: &TestApp) -> anyhow::Result<()> {
    let row = "tr[data-name='final.txt']";
    chrome.click("#nav-trash").await?;
    chrome
        .click(&format!("{row} button[data-action=restore]"))
        .await?;
    chrome.wait_for("#empty").await?;
    let names = app.admin.child_names(&folder_of(app).await?).await?;
    ensure!(names == ["final.txt"], "after restore: {names:?}");

    app.admin
        .request(
            reqwest::Method::DELETE,
            &format!("/api/v1/files/{}", file_id(app).await?),
        )
        .send()
        .await?;
    chrome.goto(&app.url("/trash")).await?;
    chrome
        .click(&format!("{row} button[data-action=purge]"))
        .await?;
    chrome.accept_dialog(None).await?;
    chrome.wait_for("#empty").await?;
    chrome.step("purged").await?;
    let trash = app.admin.get_json("/api/v1/trash").await?;
    ensure!(trash["entries"] == json!([]), "trash: {trash}");
    Ok(())
}

async fn language_and_phone(chrome: &mut Chrome, app: &TestApp) -> anyhow::Result<()> {
    chrome.click("#user-name").await?;
    chrome.click("button[data-lang=zh]").await?;
    chrome
        .wait_until(
            "the page in Chinese",
            "return document.getElementById('nav-trash')?.textContent === '回收站';",
            json!([]),
        )
        .await?;
    let admin = users::by_login(&app.state.store.db, "admin").await?;
    ensure!(
        admin.lang.as_deref() == Some("zh"),
        "stored: {:?}",
        admin.lang
    );
    chrome.step("in Chinese").await?;

    chrome.resize(390, 844).await?;
    chrome.goto(&app.url("/")).await?;
    let hidden = chrome
        .js(
            "return [...document.querySelectorAll('#listing .opt')] \
               .every(c => getComputedStyle(c).display === 'none');",
            json!([]),
        )
        .await?;
    ensure!(
        hidden == true,
        "size/time/author columns still shown on a phone"
    );
    chrome.step("phone").await
}

async fn folder_of(app: &TestApp) -> anyhow::Result<String> {
    let root = app.admin.get_json("/api/v1/folders/root").await?;
    field(&root["children"][0], "id")
}

async fn file_id(app: &TestApp) -> anyhow::Result<String> {
    let folder = app
        .admin
        .get_json(&format!("/api/v1/folders/{}", folder_of(app).await?))
        .await?;
    field(&folder["children"][0], "id")
}

#[tokio::test]
async fn an_entry_moves_through_the_move_dialog() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let archive = app.admin.mkdir(None, "Archive").await?;
    let archive_id = field(&archive, "id")?;
    let year = app.admin.mkdir(Some(&archive_id), "2026").await?;
    app.admin.upload("report.txt", b"numbers".to_vec()).await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = async {
        sign_in(&mut chrome, &app.base).await?;
        let row = "tr[data-name='report.txt']";
        chrome.click(&format!("{row} summary")).await?;
        chrome
            .click(&format!("{row} button[data-action=move]"))
            .await?;
        chrome
            .click(&format!("button.move-folder[data-folder='{archive_id}']"))
            .await?;
        chrome
            .click(&format!(
                "button.move-folder[data-folder='{}']",
                field(&year, "id")?
            ))
            .await?;
        chrome
            .wait_until(
                "the dialog in Archive › 2026",
                "return document.getElementById('move-place').textContent \
                   === 'My files › Archive › 2026';",
                json!([]),
            )
            .await?;
        chrome.step("move dialog").await?;
        chrome.click("#move-here").await?;
        wait_notice(&chrome, "Moved").await?;
        chrome
            .wait_for("#listing:not(:has(tr[data-name='report.txt']))")
            .await?;
        let names = app.admin.child_names(&field(&year, "id")?).await?;
        ensure!(names == ["report.txt"], "in 2026: {names:?}");
        Ok(())
    }
    .await;
    chrome.finish("move_dialog", outcome).await
}
