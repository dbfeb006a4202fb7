//! Saves that go wrong on the Document Server's side, and the ways they still reach a version:
//! forgotten files re-delivered on the same key, status 3/7 results, server-initiated
//! force-saves, and a Document Server running without JWT.

use axum::extract::FromRef as _;
use bureau::office::documents::Editing;
use onlyoffice::jwt::JwtSettings;
use serde_json::json;

use super::{OfficeEnv, SECRET, WAIT, version_bytes, versions, zip_part};

#[tokio::test]
async fn a_failed_save_keeps_the_key_and_the_forgotten_file_is_redelivered() -> anyhow::Result<()> {
    let (env, id, key) =
        OfficeEnv::with_forgotten_file("Forgotten.docx", "Kept by the Document Server").await?;
    let api = &env.app.admin;
    assert_eq!(versions(api, &id).await?.len(), 1);
    let (again, same_key) = env.join(api, &id).await?;
    assert_eq!(same_key, key, "a failed save must not rotate the key");
    env.ds().leave(&again)?;
    env.accepted(&key, 2).await?;
    assert_eq!(versions(api, &id).await?.len(), 2);
    let text = zip_part(&version_bytes(api, &id, 2).await?, "word/document.xml")?;
    assert!(text.contains("Kept by the Document Server"));
    env.app.stop().await
}

#[tokio::test]
async fn a_save_error_with_a_result_is_kept_as_recovered() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env
        .upload_fixture(api, "test.docx", "Recovered.docx")
        .await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().edit(&conn, "Rescued text")?;
    env.ds().save(&conn)?;
    let six = env.ds().wait_for_callback(&key, 6, WAIT).await?;
    env.accepted(&key, 6).await?;
    // The same result, reported as a failed force-save (status 7) with a later lastsave.
    let mut seven = six.callback.clone();
    seven["status"] = 7.into();
    seven["lastsave"] = "2099-01-01T00:00:00.000Z".into();
    let signed = JwtSettings::new(SECRET.to_owned()).sign_request(&seven)?;
    seven["token"] = signed.body_token.into();
    let reply: serde_json::Value = reqwest::Client::new()
        .post(env.app.url("/office/callback"))
        .json(&seven)
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(reply, json!({"error": 0}));
    let list = versions(api, &id).await?;
    assert_eq!(list[0]["source"], "office_recovered", "{list:?}");
    let without_url = json!({"key": key, "status": 3, "users": [api.user_id]});
    let signed = JwtSettings::new(SECRET.to_owned()).sign_request(&without_url)?;
    let mut body = without_url.clone();
    body["token"] = signed.body_token.into();
    let reply: serde_json::Value = reqwest::Client::new()
        .post(env.app.url("/office/callback"))
        .json(&body)
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(
        reply,
        json!({"error": 1}),
        "without a result the DS must keep the changes"
    );
    env.ds().leave(&conn)?;
    env.app.stop().await
}

#[tokio::test]
async fn periodic_force_saves_reach_busy_sessions() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Busy.docx").await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().wait_for_callback(&key, 1, WAIT).await?;
    env.ds().edit(&conn, "Saved by the timer")?;
    let office = env.app.state.office().expect("office configured");
    let asked = bureau::office::forcesave::run_once(&env.app.state, &office).await?;
    assert_eq!(asked, 1);
    env.accepted(&key, 6).await?;
    let six = env.ds().wait_for_callback(&key, 6, WAIT).await?;
    assert_eq!(
        six.callback["forcesavetype"], 0,
        "a Command service force-save"
    );
    assert_eq!(versions(api, &id).await?.len(), 2);
    env.ds().leave(&conn)?;
    env.app.stop().await
}

#[tokio::test]
async fn without_jwt_the_loop_still_saves() -> anyhow::Result<()> {
    let env = OfficeEnv::custom(
        |b| b.jwt_disabled().allow_private_ip(true),
        &[("docs_secret", "")],
    )
    .await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Open.docx").await?;
    let config = env.page_config(api, &id, "").await?;
    assert!(config.get("token").is_none());
    let joined = env.ds().open(&config).await?;
    env.ds().edit(&joined.connection, "No tokens here")?;
    env.ds().leave(&joined.connection)?;
    env.accepted(&joined.key, 2).await?;
    assert_eq!(versions(api, &id).await?.len(), 2);
    env.app.stop().await
}

#[tokio::test]
async fn the_recovery_job_stores_forgotten_files_and_deletes_them() -> anyhow::Result<()> {
    let (env, id, _key) =
        OfficeEnv::with_forgotten_file("Lost and found.docx", "Found again by the job").await?;
    let api = &env.app.admin;
    let editing = Option::<Editing>::from_ref(&env.app.state).expect("office configured");
    let done = bureau::office::forgotten::run_once(&editing).await?;
    assert_eq!((done.saved, done.left), (1, 0), "{done:?}");
    assert!(
        env.ds().forgotten().is_empty(),
        "recovered files are deleted from the DS"
    );
    let text = zip_part(&version_bytes(api, &id, 2).await?, "word/document.xml")?;
    assert!(text.contains("Found again by the job"));
    let again = bureau::office::forgotten::run_once(&editing).await?;
    assert_eq!(again.saved, 0);
    assert_eq!(versions(api, &id).await?.len(), 2);
    env.app.stop().await
}
