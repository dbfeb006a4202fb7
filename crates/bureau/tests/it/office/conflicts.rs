//! Conflicts: a file that changed under an open editor keeps both versions, and the key's state
//! tells the editor page so.

use serde_json::{Value, json};

use super::{OfficeEnv, version_bytes, versions, zip_part};
use crate::{
    sharing::share_with,
    support::{expect_error, fixtures_dir, json_with, read_file},
};

async fn children(env: &OfficeEnv) -> anyhow::Result<Vec<Value>> {
    let root = env.app.admin.get_json("/api/v1/folders/root").await?;
    Ok(root["children"].as_array().cloned().unwrap_or_default())
}

#[tokio::test]
async fn an_upload_during_editing_makes_the_save_a_conflict_copy() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Report.docx").await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().edit(&conn, "Typed while someone uploaded")?;
    let upload = read_file(&fixtures_dir().join("having-images.docx"))?;
    api.replace(&id, upload.clone()).await?;
    env.ds().leave(&conn)?;
    env.accepted(&key, 2).await?;

    assert_eq!(versions(api, &id).await?.len(), 2);
    assert_eq!(
        version_bytes(api, &id, 2).await?,
        upload,
        "the upload is kept as it was"
    );
    let list = children(&env).await?;
    let copy = list
        .iter()
        .find(|e| {
            e["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("Report (conflict ") && n.ends_with(").docx"))
        })
        .unwrap_or_else(|| panic!("no conflict copy in {list:?}"));
    let copy_id = copy["id"].as_str().expect("id");
    let text = zip_part(&version_bytes(api, copy_id, 1).await?, "word/document.xml")?;
    assert!(text.contains("Typed while someone uploaded"));
    env.app.stop().await
}

#[tokio::test]
async fn the_keys_route_creates_the_copy_once_and_the_session_writes_into_it() -> anyhow::Result<()>
{
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Plan.docx").await?;
    let (conn, key) = env.join(api, &id).await?;
    let route = format!("/office/keys/{key}");
    let same = json_with(
        api.request(reqwest::Method::POST, &route).send().await?,
        200,
    )
    .await?;
    assert_eq!(
        same["data"]["id"],
        id.as_str(),
        "no conflict yet: the key writes to the file"
    );

    api.replace(&id, read_file(&fixtures_dir().join("having-images.docx"))?)
        .await?;
    let first = json_with(
        api.request(reqwest::Method::POST, &route).send().await?,
        200,
    )
    .await?;
    let copy_id = first["data"]["id"].as_str().expect("copy id").to_owned();
    assert_ne!(copy_id, id);
    let second = json_with(
        api.request(reqwest::Method::POST, &route).send().await?,
        200,
    )
    .await?;
    assert_eq!(
        second["data"]["id"],
        copy_id.as_str(),
        "the same copy is returned"
    );

    env.ds().edit(&conn, "Kept editing the copy")?;
    env.ds().leave(&conn)?;
    env.accepted(&key, 2).await?;
    assert_eq!(versions(api, &copy_id).await?.len(), 2);
    assert!(
        zip_part(&version_bytes(api, &copy_id, 2).await?, "word/document.xml")?
            .contains("Kept editing the copy")
    );
    assert_eq!(
        versions(api, &id).await?.len(),
        2,
        "the original only has the upload"
    );

    let stranger = env.app.user("eve").await?;
    expect_error(
        stranger
            .request(reqwest::Method::POST, &route)
            .send()
            .await?,
        404,
        "key_not_found",
    )
    .await?;
    env.app.stop().await
}

#[tokio::test]
async fn the_key_state_tells_the_editor_page_when_the_file_changed() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Minutes.docx").await?;
    let bob = env.app.user("bob").await?;
    let carol = env.app.user("carol").await?;
    let eve = env.app.user("eve").await?;
    share_with(api, "files", &id, "bob", "edit").await?;
    share_with(api, "files", &id, "carol", "view").await?;
    let (conn, key) = env.join(api, &id).await?;
    let route = format!("/office/keys/{key}");
    let state = api.get_json(&route).await?;
    assert_eq!(
        (&state["changed"], &state["copy"], &state["open"]),
        (&json!(false), &json!(false), &json!(true)),
        "{state}"
    );
    assert_eq!(state["target"]["id"], id.as_str());

    api.replace(&id, read_file(&fixtures_dir().join("having-images.docx"))?)
        .await?;
    let state = bob.get_json(&route).await?;
    assert_eq!(
        state["changed"], true,
        "an editor of the file sees the change"
    );
    expect_error(carol.get(&route).send().await?, 403, "insufficient_role").await?;
    expect_error(eve.get(&route).send().await?, 404, "key_not_found").await?;

    // Bob keeps editing: the copy is made and the key writes into it.
    let kept = json_with(
        bob.request(reqwest::Method::POST, &route).send().await?,
        200,
    )
    .await?;
    let copy_id = kept["data"]["id"].as_str().expect("copy id").to_owned();
    assert_ne!(copy_id, id);
    let state = api.get_json(&route).await?;
    assert_eq!(
        (&state["changed"], &state["copy"]),
        (&json!(false), &json!(true)),
        "{state}"
    );
    assert_eq!(state["target"]["id"], copy_id.as_str());
    env.ds().leave(&conn)?;
    env.accepted(&key, 4).await?;
    assert_eq!(api.get_json(&route).await?["open"], false);
    expect_error(
        api.get("/office/keys/no-such-key").send().await?,
        404,
        "key_not_found",
    )
    .await?;
    env.app.stop().await
}
