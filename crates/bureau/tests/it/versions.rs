//! Versions: every upload adds one, old ones stay downloadable, a restore adds a new one.

use anyhow::Context as _;
use reqwest::Method;
use serde_json::Value;

use crate::support::{Api, TestApp, body_bytes, expect_error, field, json_with, sha256_hex};

async fn versions(api: &Api, id: &str) -> anyhow::Result<Vec<Value>> {
    let listing = api
        .get_json(&format!("/api/v1/files/{id}/versions"))
        .await?;
    listing["versions"]
        .as_array()
        .cloned()
        .context("no versions")
}

async fn version_content(api: &Api, id: &str, n: &str) -> anyhow::Result<reqwest::Response> {
    Ok(api
        .get(&format!("/api/v1/files/{id}/versions/{n}/content"))
        .send()
        .await?)
}

#[tokio::test]
async fn versions_are_listed_and_old_ones_downloadable() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = app.user("alice").await?;
    let contents: [&[u8]; 3] = [b"first", b"second version", b"third, the longest version"];
    let entry = api.upload("doc.docx", contents[0]).await?;
    let id = field(&entry, "id")?;
    let created_at = field(&entry, "created_at")?;
    for (n, content) in contents.iter().enumerate().skip(1) {
        let updated = api.replace(&id, *content).await?;
        assert_eq!(updated["version"], n + 1);
        assert_eq!(updated["size"], content.len());
        assert_eq!(updated["sha256"], sha256_hex(content).as_str());
        assert_eq!(updated["created_at"], created_at.as_str());
    }

    let list = versions(&api, &id).await?;
    let numbers: Vec<_> = list.iter().map(|v| v["number"].clone()).collect();
    assert_eq!(numbers, [3, 2, 1]);
    for v in &list {
        let n = usize::try_from(v["number"].as_u64().context("number")?)?;
        let content = contents[n - 1];
        assert_eq!(v["source"], "upload");
        assert_eq!(v["size"], content.len());
        assert_eq!(v["sha256"], sha256_hex(content).as_str());
        assert_eq!(v["author"]["id"], api.user_id.as_str());
        assert_eq!(v["author"]["name"], "alice");
        assert!(v["created_at"].is_string());
    }

    for (n, content) in contents.iter().enumerate() {
        let response = version_content(&api, &id, &(n + 1).to_string()).await?;
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["etag"],
            format!("\"{}\"", sha256_hex(content))
        );
        assert_eq!(body_bytes(response).await?, *content);
    }
    let ranged = api
        .get(&format!("/api/v1/files/{id}/versions/1/content"))
        .header("Range", "bytes=1-3")
        .send()
        .await?;
    assert_eq!(ranged.status(), 206);
    assert_eq!(body_bytes(ranged).await?, b"irs");
    assert_eq!(api.download(&id).await?, contents[2]);

    for missing in ["4", "0", "-1", "abc"] {
        let response = version_content(&api, &id, missing).await?;
        expect_error(response, 404, "version_not_found").await?;
    }
    app.stop().await
}

#[tokio::test]
async fn restoring_a_version_adds_a_new_one() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let api = app.user("alice").await?;
    let id = field(&api.upload("doc.docx", "one").await?, "id")?;
    api.replace(&id, "two").await?;

    let path = format!("/api/v1/files/{id}/versions/1/restore");
    let restored = json_with(api.request(Method::POST, &path).send().await?, 200).await?;
    assert_eq!(restored["version"], 3);
    assert_eq!(restored["sha256"], sha256_hex(b"one").as_str());
    assert_eq!(api.download(&id).await?, b"one");

    let list = versions(&api, &id).await?;
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["number"], 3);
    assert_eq!(list[0]["source"], "restore");
    assert_eq!(list[0]["author"]["id"], api.user_id.as_str());
    assert_eq!(list[0]["sha256"], list[2]["sha256"]);
    // The versions restored over are untouched.
    let two = body_bytes(version_content(&api, &id, "2").await?).await?;
    assert_eq!(two, b"two");

    let missing = api
        .request(
            Method::POST,
            &format!("/api/v1/files/{id}/versions/9/restore"),
        )
        .send()
        .await?;
    expect_error(missing, 404, "version_not_found").await?;
    assert_eq!(versions(&api, &id).await?.len(), 3);
    app.stop().await
}
