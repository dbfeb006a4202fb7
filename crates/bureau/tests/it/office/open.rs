//! `GET /office/:id/open` and the editor page: the Cozy shape, modes, and the signed config.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::Value;

use super::{OfficeEnv, open_json};
use crate::support::{TestApp, expect_error, json_with};

/// The claims of a JWT (its signature is checked by the emulator in the other tests).
fn claims(token: &str) -> anyhow::Result<Value> {
    let payload = token
        .split('.')
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("not a JWT"))?;
    Ok(serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload)?)?)
}

#[tokio::test]
async fn open_answers_the_cozy_shape_with_a_signed_config() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Letter.docx").await?;
    let body = open_json(api, &id, 200).await?;
    let oo = &body["data"]["attributes"]["onlyoffice"];
    let token = oo["token"].as_str().expect("token");
    let signed = claims(token)?;
    // Appendix A.4: the token carries document.permissions exactly as handed to the browser.
    assert_eq!(
        signed["document"]["permissions"],
        oo["document"]["permissions"]
    );
    assert_eq!(signed["document"]["key"], oo["document"]["key"]);
    assert_eq!(signed["editorConfig"], oo["editorConfig"]);
    assert_eq!(oo["document"]["filetype"], "docx");
    assert_eq!(oo["document"]["fileType"], "docx");
    assert!(
        oo["document"]["url"]
            .as_str()
            .expect("url")
            .contains(&format!("/office/{id}/content?version=1&"))
    );

    let mut shape = body.clone();
    let oo = &mut shape["data"]["attributes"]["onlyoffice"];
    oo["token"] = "[jwt]".into();
    oo["url"] = "[docs-url]".into();
    oo["document"]["key"] = "[key]".into();
    oo["document"]["url"] = "[document-url]".into();
    oo["document"]["info"]["uploaded"] = "[datetime]".into();
    oo["document"]["referenceData"]["instanceId"] = "[origin]".into();
    for part in ["editor", "editorConfig"] {
        oo[part]["callbackUrl"] = "[callback-url]".into();
        oo[part]["customization"]["goback"]["url"] = "[back-url]".into();
        oo[part]["user"]["id"] = "[user-id]".into();
    }
    shape["data"]["id"] = "[id]".into();
    shape["data"]["attributes"]["document_id"] = "[id]".into();
    shape["data"]["attributes"]["instance"] = "[instance]".into();
    shape["data"]["attributes"]["onlyoffice"]["document"]["referenceData"]["fileKey"] =
        "[id]".into();
    insta::assert_json_snapshot!("open_cozy_shape", shape);
    env.app.stop().await
}

#[tokio::test]
async fn modes_follow_the_format_and_the_request() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let docx = env.upload_fixture(api, "test.docx", "a.docx").await?;
    let mode = |v: &Value| v["data"]["attributes"]["onlyoffice"]["editorConfig"]["mode"].clone();
    assert_eq!(mode(&open_json(api, &docx, 200).await?), "edit");
    let forced = json_with(
        api.get(&format!("/office/{docx}/open?mode=view"))
            .send()
            .await?,
        200,
    )
    .await?;
    assert_eq!(mode(&forced), "view");
    assert!(
        forced["data"]["attributes"]["onlyoffice"]["editorConfig"]
            .get("callbackUrl")
            .is_none()
    );
    // Legacy and lossy formats open for viewing (and conversion), never for editing.
    for fixture in [
        "testWORD_various.doc",
        "LibreOfficeWriter_odt_1.3.odt",
        "ONLYOFFICE_sample.csv",
    ] {
        let id = env.upload_fixture(api, fixture, fixture).await?;
        assert_eq!(mode(&open_json(api, &id, 200).await?), "view", "{fixture}");
    }
    let other = api.upload("archive.bin", vec![1u8, 2, 3]).await?;
    let other = other["id"].as_str().expect("id");
    expect_error(
        api.get(&format!("/office/{other}/open")).send().await?,
        404,
        "not_an_office_document",
    )
    .await?;
    let page = api.get(&format!("/office/{docx}/edit")).send().await?;
    let csp = page.headers()["content-security-policy"]
        .to_str()?
        .to_owned();
    let ds = env.emulator.base_url().origin().ascii_serialization();
    assert!(
        csp.contains(&format!("script-src 'self' {ds}"))
            && csp.contains(&format!("frame-src {ds}")),
        "{csp}"
    );
    let html = page.text().await?;
    assert!(html.contains(&format!("{ds}/web-apps/apps/api/documents/api.js")));
    env.app.stop().await
}

#[tokio::test]
async fn without_a_document_server_office_routes_are_404() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let id = app.admin.upload("a.docx", vec![0u8; 10]).await?;
    let id = id["id"].as_str().expect("id");
    expect_error(
        app.admin.get(&format!("/office/{id}/open")).send().await?,
        404,
        "office_not_configured",
    )
    .await?;
    // The editor page says so on a page (crate::pages::errors).
    let page = app.admin.get(&format!("/office/{id}/edit")).send().await?;
    assert_eq!(page.status(), 404);
    assert!(
        page.text()
            .await?
            .contains("No document server is connected.")
    );
    app.stop().await
}
