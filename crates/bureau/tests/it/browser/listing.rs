//! What the file list shows of office files beyond their names: a thumbnail of the first page
//! (the icon when there is none), and a "Being edited by …" badge that follows the open
//! ONLYOFFICE sessions without reloading the page.

use anyhow::ensure;
use serde_json::json;

use super::{driver::Chrome, sign_in};
use crate::office::OfficeEnv;

#[tokio::test]
async fn office_files_show_thumbnails_and_live_editing_badges() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Thumb.docx").await?;
    api.upload("Broken.docx", b"not a document at all".to_vec())
        .await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = async {
        sign_in(&mut chrome, &env.app.base).await?;
        let size = chrome
            .wait_until(
                "the thumbnail of Thumb.docx",
                "const img = document.querySelector(\"tr[data-name='Thumb.docx'] img.thumb.loaded\"); \
                 return img && getComputedStyle(img).opacity === '1' && [img.naturalWidth, img.naturalHeight];",
                json!([]),
            )
            .await?;
        ensure!(
            size[0].as_u64().is_some_and(|w| w > 0 && w <= 256),
            "thumbnail size: {size}"
        );
        chrome
            .wait_until(
                "Broken.docx to keep its icon",
                "const row = document.querySelector(\"tr[data-name='Broken.docx']\"); \
                 return !row.querySelector('img.thumb') && row.querySelector('.icon.word').offsetWidth > 0;",
                json!([]),
            )
            .await?;
        chrome.step("thumbnails").await?;

        chrome.js("window.unchanged = true;", json!([])).await?;
        let (conn, key) = env.join(api, &id).await?;
        chrome
            .wait_until(
                "the badge without a reload",
                "const b = document.querySelector(\"tr[data-name='Thumb.docx'] .editing\"); \
                 return window.unchanged === true && b !== null && b.textContent === arguments[0];",
                json!(["Being edited by admin"]),
            )
            .await?;
        chrome.step("badge shown").await?;
        env.ds().leave(&conn)?;
        env.accepted(&key, 4).await?;
        chrome
            .wait_until(
                "the badge to go",
                "return window.unchanged && !document.querySelector(\"tr[data-name='Thumb.docx'] .editing\");",
                json!([]),
            )
            .await?;
        chrome.step("badge gone").await
    }
    .await;
    chrome.finish("thumbnails_and_badges", outcome).await?;
    env.app.stop().await
}
