//! Routes a browser navigates to answer failures with an HTML page in the reader's language (the
//! account's, else `Accept-Language`), never the API's JSON; the editor's `lang` follows the same
//! choice.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::html_with;
use crate::{
    office::OfficeEnv,
    sharing::link,
    support::{TestApp, http_client},
};

#[tokio::test]
async fn the_editor_route_fails_with_a_page_in_the_readers_language() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let id = app.admin.upload("a.docx", vec![0u8; 10]).await?;
    let edit = format!("/office/{}/edit", id["id"].as_str().expect("id"));
    let page = app.admin.get(&edit).header("accept-language", "fr");
    html_with(page.send().await?, 404, "Aucun serveur de documents").await?;
    let signed_out = http_client().get(app.url(&edit)).send().await?;
    assert!(signed_out.status().is_redirection());
    assert_eq!(signed_out.headers()["location"], "/login");
    app.stop().await?;

    let env = OfficeEnv::spawn().await?;
    let owner = &env.app.admin;
    let id = env.upload_fixture(owner, "test.docx", "Notes.docx").await?;
    let stranger = env.app.user("mallory").await?;
    let page = stranger
        .get(&format!("/office/{id}/edit"))
        .header("accept-language", "zh-CN,zh;q=0.9");
    html_with(page.send().await?, 404, "此页面不存在").await?;

    // The editor speaks the page's language: Accept-Language, unless the account chose one.
    let lang_of = |config: serde_json::Value| config["editorConfig"]["lang"].clone();
    let page = owner
        .get(&format!("/office/{id}/edit"))
        .header("accept-language", "zh-CN")
        .send()
        .await?;
    let html = html_with(page, 200, "<html lang=\"zh\">").await?;
    assert!(
        html.contains("\"lang\":\"zh\""),
        "the editor's lang: {html}"
    );
    let set = owner
        .send_json(Method::PUT, "/settings/lang", json!({"lang": "fr"}))
        .await?;
    assert_eq!(set.status(), StatusCode::NO_CONTENT);
    assert_eq!(lang_of(env.page_config(owner, &id, "").await?), "fr");
    env.app.stop().await
}

#[tokio::test]
async fn public_link_pages_speak_the_guests_language() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let owner = &env.app.admin;
    let id = env.upload_fixture(owner, "test.docx", "Menu.docx").await?;
    let body = json!({"link": true, "role": "edit", "password": "open sesame"});
    let token = link(owner, "files", &id, body).await?["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let guest = http_client();
    let page = env.app.url(&format!("/s/{token}"));
    let fr = guest.get(&page).header("accept-language", "fr-FR,fr;q=0.9");
    let html = html_with(fr.send().await?, 200, "Partagé avec vous").await?;
    assert!(html.contains("Mot de passe") && html.contains("Continuer"));
    let wrong = guest
        .post(&page)
        .header("accept-language", "zh-CN")
        .form(&[("password", "nope")]);
    html_with(wrong.send().await?, 200, "密码错误。").await?;
    let unlocked = guest
        .post(&page)
        .header("accept-language", "zh-CN")
        .form(&[("password", "open sesame")]);
    html_with(
        unlocked.send().await?,
        200,
        "您的姓名（将显示给其他编辑者）",
    )
    .await?;

    let gone = guest
        .get(env.app.url("/s/no-such-token"))
        .header("accept-language", "fr");
    html_with(gone.send().await?, 404, "Cette page n'existe pas").await?;
    // Without the password's cookie, the guest editor refuses with a page too.
    let editor = reqwest::Client::new()
        .get(env.app.url(&format!("/office/links/{token}/edit?name=Ana")))
        .header("accept-language", "fr");
    html_with(
        editor.send().await?,
        403,
        "Vous n'avez pas l'accès nécessaire.",
    )
    .await?;
    // A view link names a guest who gave no name in the guest's language.
    let view = link(owner, "files", &id, json!({"link": true, "role": "view"})).await?;
    let view_token = view["token"].as_str().expect("token");
    let opened = guest
        .get(env.app.url(&format!("/office/links/{view_token}/open")))
        .header("accept-language", "fr")
        .send()
        .await?
        .json::<serde_json::Value>()
        .await?;
    let editor = &opened["data"]["attributes"]["onlyoffice"]["editorConfig"];
    assert_eq!(
        (&editor["user"]["name"], &editor["lang"]),
        (&json!("Invité"), &json!("fr"))
    );
    env.app.stop().await
}
