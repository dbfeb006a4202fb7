//! The Command and Conversion services and the health check, over HTTP.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{self, config, get_bytes, zip_part};

async fn post(url: &str, body: &Value, bearer: Option<String>) -> anyhow::Result<Value> {
    let mut request = reqwest::Client::new().post(url).json(body);
    if let Some(token) = bearer {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    Ok(request.send().await?.json().await?)
}

#[tokio::test]
async fn healthcheck_answers_true() -> anyhow::Result<()> {
    let ds = support::emulator().await?;
    let text = reqwest::get(format!("{}healthcheck", ds.base_url()))
        .await?
        .text()
        .await?;
    assert_eq!(text, "true");
    Ok(())
}

#[tokio::test]
async fn command_tokens_in_body_header_and_payload_forms() -> anyhow::Result<()> {
    let ds = support::emulator().await?;
    let jwt = support::jwt();
    let command = format!("{}command", ds.base_url());
    let version = json!({"c": "version"});
    let body = post(&command, &json!({"token": jwt.sign(&version)?}), None).await?;
    assert_eq!(body, json!({"error": 0, "version": "9.0.4.54"}));
    let wrapped = jwt.sign(&json!({"payload": version}))?;
    assert_eq!(post(&command, &json!({}), Some(wrapped)).await?["error"], 0);
    let legacy = format!("{}coauthoring/CommandService.ashx", ds.base_url());
    assert_eq!(
        post(&legacy, &json!({}), Some(jwt.sign(&version)?)).await?["error"],
        0
    );
    assert_eq!(post(&command, &version, None).await?, json!({"error": 6}));
    let wrong = onlyoffice::jwt::JwtSettings::new("nope").sign(&version)?;
    assert_eq!(
        post(&command, &json!({"token": wrong}), None).await?,
        json!({"error": 6})
    );
    let unknown = jwt.sign(&json!({"c": "info", "key": "nokey"}))?;
    assert_eq!(
        post(&command, &json!({"token": unknown}), None).await?,
        json!({"key": "nokey", "error": 1})
    );
    let list = jwt.sign(&json!({"c": "getForgottenList"}))?;
    assert_eq!(
        post(&command, &json!({"token": list}), None).await?,
        json!({"error": 0, "keys": []})
    );
    Ok(())
}

#[tokio::test]
async fn info_sends_status_1_without_actions_and_forcesave_needs_changes() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = support::emulator().await?;
    let jwt = support::jwt();
    let command = format!("{}command", ds.base_url());
    let joined = ds
        .control()
        .open(&config(&host, "info-001", "test.docx", "uid-1"))
        .await?;
    let info = jwt.sign(&json!({"c": "info", "key": "info-001", "userdata": "ud"}))?;
    let reply = post(&command, &json!({"token": info}), None).await?;
    assert_eq!(
        reply,
        json!({"key": "info-001", "error": 0, "users": ["uid-1"]})
    );
    let got = host
        .wait_callbacks("info-001", 2, Duration::from_secs(10))
        .await;
    assert_eq!(got[1].body["status"], 1);
    assert!(got[1].body.get("actions").is_none());
    assert_eq!(got[1].body["userdata"], "ud");
    let forcesave = jwt.sign(&json!({"c": "forcesave", "key": "info-001"}))?;
    assert_eq!(
        post(&command, &json!({"token": forcesave}), None).await?["error"],
        4
    );
    ds.control().edit(&joined.connection, "now changed")?;
    let forcesave = jwt.sign(&json!({"c": "forcesave", "key": "info-001"}))?;
    assert_eq!(
        post(&command, &json!({"token": forcesave}), None).await?["error"],
        0
    );
    let got = host
        .wait_callbacks("info-001", 3, Duration::from_secs(10))
        .await;
    assert_eq!(got[2].body["status"], 6);
    let meta = jwt.sign(&json!({"c": "meta", "key": "info-001", "meta": {"title": "New.docx"}}))?;
    assert_eq!(
        post(&command, &json!({"token": meta}), None).await?["error"],
        0
    );
    assert_eq!(ds.control().sessions()[0].title, "New.docx");
    let drop = jwt.sign(&json!({"c": "drop", "key": "info-001", "users": ["uid-1"]}))?;
    assert_eq!(
        post(&command, &json!({"token": drop}), None).await?["error"],
        0
    );
    assert!(ds.control().sessions()[0].participants.is_empty());
    Ok(())
}

#[tokio::test]
async fn converter_sync_async_thumbnail_and_errors() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = support::emulator().await?;
    let jwt = support::jwt();
    let converter = format!("{}converter", ds.base_url());
    let request = json!({"async": false, "filetype": "docx", "key": "conv-001", "outputtype": "pdf",
                         "title": "sample.docx", "url": host.file_url("test.docx")});
    let reply = post(&converter, &json!({"token": jwt.sign(&request)?}), None).await?;
    assert_eq!(
        (reply["fileType"].as_str(), reply["percent"].as_u64()),
        (Some("pdf"), Some(100))
    );
    assert_eq!(reply["endConvert"], true);
    let url = reply["fileUrl"].as_str().unwrap_or_default();
    assert!(
        url.contains("/cache/files/data/conv_conv-001_513/output.pdf/sample.pdf?md5="),
        "{url}"
    );
    let (status, pdf) = get_bytes(url).await?;
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF"));
    let header_flat = jwt.sign(&request)?;
    assert_eq!(
        post(&converter, &json!({}), Some(header_flat)).await?["endConvert"],
        true
    );

    assert_eq!(
        post(&converter, &request, None).await?,
        json!({"error": -8})
    );
    let bad_key = json!({"key": "bad key", "outputtype": "pdf", "url": host.file_url("test.docx")});
    assert_eq!(
        post(&converter, &json!({"token": jwt.sign(&bad_key)?}), None).await?["error"],
        -7
    );
    let corrupt = json!({"key": "conv-002", "outputtype": "pdf", "filetype": "docx",
                         "url": host.file_url("testWORD_truncated.docx")});
    assert_eq!(
        post(&converter, &json!({"token": jwt.sign(&corrupt)?}), None).await?["error"],
        -3
    );
    let locked = json!({"key": "conv-003", "outputtype": "pdf", "filetype": "docx",
                        "url": host.file_url("testWORD_protected_passtika.docx")});
    assert_eq!(
        post(&converter, &json!({"token": jwt.sign(&locked)?}), None).await?["error"],
        -5
    );

    let thumb = json!({"async": true, "key": "conv-004", "filetype": "pptx", "outputtype": "png",
                       "thumbnail": {"aspect": 1, "width": 120, "height": 90},
                       "url": host.file_url("test.pptx")});
    let token = json!({"token": jwt.sign(&thumb)?});
    let mut reply = post(&converter, &token, None).await?;
    assert!(
        reply["endConvert"] == true || reply["percent"] == 0,
        "{reply}"
    );
    for _ in 0..100 {
        if reply["endConvert"] == true {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        reply = post(&converter, &token, None).await?;
    }
    let (_, png) = get_bytes(reply["fileUrl"].as_str().unwrap_or_default()).await?;
    assert!(png.starts_with(b"\x89PNG"), "{reply}");
    Ok(())
}

#[tokio::test]
async fn legacy_converter_answers_xml() -> anyhow::Result<()> {
    let host = support::Host::spawn().await?;
    let ds = support::emulator().await?;
    let request = json!({"key": "conv-x", "filetype": "docx", "outputtype": "odt",
                         "url": host.file_url("hello_libre_office.docx")});
    let token = support::jwt().sign(&request)?;
    let xml = reqwest::Client::new()
        .post(format!("{}ConvertService.ashx", ds.base_url()))
        .json(&json!({"token": token}))
        .send()
        .await?
        .text()
        .await?;
    assert!(
        xml.contains("<FileType>odt</FileType>") && xml.contains("<EndConvert>True</EndConvert>"),
        "{xml}"
    );
    let url = xml
        .split("<FileUrl>")
        .nth(1)
        .and_then(|s| s.split("</FileUrl>").next())
        .unwrap_or_default();
    let (_, odt) = get_bytes(&url.replace("&amp;", "&")).await?;
    assert!(zip_part(&odt, "content.xml").is_ok());
    Ok(())
}

#[tokio::test]
async fn browser_assets_are_served_on_the_ds_paths() -> anyhow::Result<()> {
    let ds = support::emulator().await?;
    let base = ds.base_url();
    let api = reqwest::get(base.join("web-apps/apps/api/documents/api.js")?).await?;
    assert!(
        api.headers()["content-type"]
            .to_str()?
            .starts_with("application/javascript")
    );
    assert!(api.text().await?.contains("DocsAPI.DocEditor"));
    let editor = reqwest::get(base.join("web-apps/apps/api/documents/editor.html")?)
        .await?
        .text()
        .await?;
    for id in [
        "docs-title",
        "docs-users",
        "docs-text",
        "docs-add",
        "docs-save",
        "docs-close",
    ] {
        assert!(editor.contains(&format!("id=\"{id}\"")), "{id}");
    }
    let meta: Value = reqwest::get(base.join("meta/config")?)
        .await?
        .json()
        .await?;
    assert_eq!(meta["authorization"]["header"], "Authorization");
    Ok(())
}
