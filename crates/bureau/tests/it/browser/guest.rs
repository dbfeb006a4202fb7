//! A guest of a public link in the browser, in French and in Chinese: the link's page asks the
//! password (and says when it is wrong), then the guest's name, then opens the editor, all in
//! the browser's language, the editor included.

use anyhow::ensure;
use serde_json::json;

use super::driver::Chrome;
use crate::{office::OfficeEnv, sharing::link};

/// What the guest saw: the page title, the password label, the wrong-password message, the
/// name label, the button, and the editor page's and editor's languages.
async fn guest_sees(lang: &str) -> anyhow::Result<Vec<String>> {
    let env = OfficeEnv::spawn().await?;
    let owner = &env.app.admin;
    let id = env
        .upload_fixture(owner, "test.docx", "Agenda.docx")
        .await?;
    let body = json!({"link": true, "role": "edit", "password": "open sesame"});
    let share = link(owner, "files", &id, body).await?;
    let token = share["token"].as_str().unwrap_or_default().to_owned();
    let mut chrome = Chrome::start(lang).await?;
    let mut seen = Vec::new();
    let outcome = async {
        chrome.goto(&env.app.url(&format!("/s/{token}"))).await?;
        seen.push(chrome.text("#link-form h1").await?);
        seen.push(chrome.text("label[for=link-password]").await?);
        chrome.type_into("#link-password", "wrong").await?;
        chrome.click("#link-continue").await?;
        seen.push(chrome.text("#link-message").await?);
        chrome.step("wrong password").await?;
        chrome.type_into("#link-password", "open sesame").await?;
        chrome.click("#link-continue").await?;
        seen.push(chrome.text("label[for=link-name]").await?);
        seen.push(chrome.text("#link-continue").await?);
        chrome.step("name asked").await?;
        chrome.type_into("#link-name", "Zoé").await?;
        chrome.click("#link-continue").await?;
        chrome.frame(Some("iframe[name=frameEditor]")).await?;
        chrome.wait_for("body[data-state=ready]").await?;
        let users = chrome.text("#docs-users").await?;
        ensure!(users.contains("Zoé"), "editors: {users}");
        chrome.frame(None).await?;
        let langs = chrome
            .js(
                "return [document.documentElement.lang, \
                   JSON.parse(document.getElementById('editor-config').textContent).editorConfig.lang];",
                json!([]),
            )
            .await?;
        seen.push(langs.to_string());
        chrome.step("editor").await
    }
    .await;
    chrome.finish(&format!("guest_in_{lang}"), outcome).await?;
    env.app.stop().await?;
    Ok(seen)
}

#[tokio::test]
async fn the_guest_pages_render_in_french() -> anyhow::Result<()> {
    let seen = guest_sees("fr-FR").await?;
    assert_eq!(
        seen,
        [
            "Partagé avec vous",
            "Mot de passe",
            "Mot de passe incorrect.",
            "Votre nom, affiché aux autres éditeurs",
            "Continuer",
            r#"["fr","fr"]"#,
        ]
    );
    Ok(())
}

#[tokio::test]
async fn the_guest_pages_render_in_chinese() -> anyhow::Result<()> {
    let seen = guest_sees("zh-CN").await?;
    assert_eq!(
        seen,
        [
            "与您共享",
            "密码",
            "密码错误。",
            "您的姓名（将显示给其他编辑者）",
            "继续",
            r#"["zh","zh"]"#,
        ]
    );
    Ok(())
}
