//! ⋯ ▸ Convert to DOCX on an OpenDocument text: the job runs through the Document Server, the
//! page follows it and lists the new file beside the original.

use anyhow::ensure;

use super::{driver::Chrome, sign_in, wait_notice};
use crate::{
    office::{OfficeEnv, zip_part},
    support::field,
};

#[tokio::test]
async fn a_legacy_document_converts_to_ooxml_from_the_menu() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    env.upload_fixture(api, "LibreOfficeWriter_odt_1.3.odt", "Notes.odt")
        .await?;
    let mut chrome = Chrome::start("en").await?;
    let outcome = async {
        sign_in(&mut chrome, &env.app.base).await?;
        let row = "tr[data-name='Notes.odt']";
        chrome.click(&format!("{row} summary")).await?;
        let label = chrome
            .text(&format!("{row} button[data-action=convert]"))
            .await?;
        ensure!(label == "Convert to DOCX", "menu entry: {label}");
        chrome
            .click(&format!("{row} button[data-action=convert]"))
            .await?;
        wait_notice(&chrome, "Converted: Notes.docx").await?;
        chrome.wait_for("tr[data-name='Notes.docx']").await?;
        chrome.step("converted").await?;
        let root = api.get_json("/api/v1/folders/root").await?;
        let children = root["children"].as_array().cloned().unwrap_or_default();
        let docx = children
            .iter()
            .find(|c| c["name"] == "Notes.docx")
            .ok_or_else(|| anyhow::anyhow!("no Notes.docx in {root}"))?;
        let bytes = api.download(&field(docx, "id")?).await?;
        zip_part(&bytes, "word/document.xml")?;
        Ok(())
    }
    .await;
    chrome.finish("convert_to_ooxml", outcome).await
}
