//! Version history in the editor: the `refreshHistory` and `setHistoryData` objects, the
//! Document Server's download of `changesUrl`, and restoring from the history panel.

use anyhow::Context as _;
use onlyoffice::jwt::JwtSettings;
use reqwest::Method;
use serde_json::{Value, json};

use super::{OfficeEnv, SECRET, version_bytes, versions};
use crate::support::{body_bytes, http_client};

/// Three editing sessions on one file, each ending in a save; returns the file id.
async fn three_saves(env: &OfficeEnv) -> anyhow::Result<String> {
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "History.docx").await?;
    for round in 1..=3 {
        let (conn, key) = env.join(api, &id).await?;
        env.ds().edit(&conn, &format!("Edit number {round}"))?;
        env.ds().leave(&conn)?;
        env.accepted(&key, 2).await?;
    }
    Ok(id)
}

#[tokio::test]
async fn three_saves_give_four_versions_with_authors_times_and_changes() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = three_saves(&env).await?;

    let history = api.get_json(&format!("/office/{id}/history")).await?;
    assert_eq!(history["currentVersion"], 4, "{history}");
    let items = history["history"].as_array().context("history")?;
    let numbers: Vec<&Value> = items.iter().map(|i| &i["version"]).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    for item in items {
        assert_eq!(item["user"]["id"], api.user_id.as_str(), "{item}");
        assert!(!item["user"]["name"].as_str().unwrap_or_default().is_empty());
        let created = item["created"].as_str().context("created")?;
        assert_eq!(created.len(), "2026-11-23 00:56:52".len(), "{created}");
    }
    assert!(
        items[0].get("changes").is_none(),
        "an upload has no changes"
    );
    for item in &items[1..] {
        assert!(item["changes"].is_array(), "{item}");
        assert!(item["serverVersion"].is_string(), "{item}");
    }
    let mut keys: Vec<&str> = items.iter().filter_map(|i| i["key"].as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 4, "one key per version");
    let editor = env.page_config(api, &id, "").await?;
    assert_eq!(items[3]["key"], editor["document"]["key"]);
    env.app.stop().await
}

#[tokio::test]
async fn history_data_links_content_and_changes_for_the_document_server() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = three_saves(&env).await?;
    let ds = http_client();
    let jwt = JwtSettings::new(SECRET.to_owned());
    let ds_token = |u: &str| jwt.sign(&json!({"payload": {"url": u}}));

    let first = api.get_json(&format!("/office/{id}/history/1")).await?;
    assert!(first.get("changesUrl").is_none() && first.get("previous").is_none());
    for n in 2..=4 {
        let data = api.get_json(&format!("/office/{id}/history/{n}")).await?;
        assert_eq!(data["version"], n);
        assert_eq!(data["fileType"], "docx");
        assert!(data["token"].is_string(), "signed for the Document Server");
        assert_eq!(data["previous"]["fileType"], "docx");
        let url = data["url"].as_str().context("url")?;
        let content = ds.get(url).bearer_auth(ds_token(url)?).send().await?;
        assert_eq!(content.status(), 200);
        assert_eq!(
            body_bytes(content).await?,
            version_bytes(api, &id, n).await?
        );

        let changes = data["changesUrl"].as_str().context("changesUrl")?;
        let refused = ds.get(changes).send().await?;
        assert_eq!(refused.status(), 403, "no Document Server token");
        let wrong = ds.get(changes).bearer_auth(ds_token(url)?).send().await?;
        assert_eq!(wrong.status(), 403, "a token for another URL");
        let ok = ds
            .get(changes)
            .bearer_auth(ds_token(changes)?)
            .send()
            .await?;
        assert_eq!(ok.status(), 200);
        let zip = body_bytes(ok).await?;
        assert!(zip.starts_with(b"PK"), "changes.zip");
        let tampered = changes.replace(&format!("version={n}"), "version=1");
        let other = ds
            .get(&tampered)
            .bearer_auth(ds_token(&tampered)?)
            .send()
            .await?;
        assert_eq!(other.status(), 403, "the signature covers the version");
    }
    env.app.stop().await
}

#[tokio::test]
async fn restoring_version_1_adds_a_version_with_its_bytes_and_a_new_key() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = three_saves(&env).await?;
    let before = env.page_config(api, &id, "").await?["document"]["key"].clone();

    let restored = api
        .send_json(
            Method::POST,
            &format!("/api/v1/files/{id}/versions/1/restore"),
            json!({}),
        )
        .await?;
    assert_eq!(restored.status(), 200);
    let list = versions(api, &id).await?;
    assert_eq!(list.len(), 5, "{list:?}");
    assert_eq!(list[0]["source"], "restore");
    assert_eq!(
        version_bytes(api, &id, 5).await?,
        version_bytes(api, &id, 1).await?
    );

    let after = env.page_config(api, &id, "").await?["document"]["key"].clone();
    assert_ne!(before, after, "the restored version opens under a new key");
    let history = api.get_json(&format!("/office/{id}/history")).await?;
    assert_eq!(history["currentVersion"], 5);
    assert_eq!(history["history"][4]["key"], after);
    env.app.stop().await
}

#[tokio::test]
async fn changes_after_a_force_save_replay_onto_the_sessions_first_version() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Forced.docx").await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().edit(&conn, "Before Ctrl+S")?;
    env.ds().save(&conn)?;
    env.accepted(&key, 6).await?;
    env.ds().edit(&conn, "After Ctrl+S")?;
    env.ds().leave(&conn)?;
    env.accepted(&key, 2).await?;

    for n in [2, 3] {
        let data = api.get_json(&format!("/office/{id}/history/{n}")).await?;
        let previous = data["previous"]["url"].as_str().context("previous")?;
        assert!(previous.contains("version=1&"), "version {n}: {data}");
    }
    env.app.stop().await
}
