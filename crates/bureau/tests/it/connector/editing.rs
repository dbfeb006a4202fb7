//! Editing through the connector: a document created from the plugin's blank file, edit and view
//! modes, co-editing, force-saves and conflicts, every save landing in the drive as a version.

use anyhow::Context as _;

use super::{ConnectorProcess, PREFIX, ThreeParts, connector_env, free_port};
use crate::{
    office::{editor_config_in, version_bytes, versions, zip_part},
    sharing::share_with,
    support::{body_bytes, http_client},
};

#[tokio::test]
async fn a_document_made_from_empty_docx_is_edited_and_saved_into_the_drive() -> anyhow::Result<()>
{
    let env = ThreeParts::start().await?;
    let admin = &env.admin;
    // As Twake Drive's UI does: fetch the plugin's blank file, store it, open it in the editor.
    let blank = http_client()
        .get(env.connector.url("assets/empty.docx"))
        .send()
        .await?;
    assert_eq!(blank.status(), 200);
    let blank = body_bytes(blank).await?;
    zip_part(&blank, "word/document.xml")?;
    let id = admin.upload("Untitled.docx", blank).await?["id"]
        .as_str()
        .context("id")?
        .to_owned();
    let config = env.page_config(admin, &id, false).await?;
    assert_eq!(config["editorConfig"]["mode"], "edit", "{config}");
    let mounted = format!("{}{PREFIX}", env.connector.base);
    let callback = config["editorConfig"]["callbackUrl"]
        .as_str()
        .context("callbackUrl")?;
    assert_eq!(callback, format!("{mounted}office/callback"));
    let url = config["document"]["url"].as_str().context("document.url")?;
    assert!(
        url.starts_with(&format!("{mounted}office/bureau:{id}/content?")),
        "{url}"
    );
    assert_eq!(config["editorConfig"]["user"]["id"], admin.user_id.as_str());
    assert!(config["token"].is_string(), "the config is signed");

    let joined = env.ds().open(&config).await?;
    env.ds()
        .edit(&joined.connection, "Written through the connector")?;
    env.ds().leave(&joined.connection)?;
    env.accepted(&joined.key, 2).await?;
    let list = versions(admin, &id).await?;
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[0]["source"], "office_save");
    assert_eq!(list[0]["author"]["id"], admin.user_id.as_str());
    let text = zip_part(&version_bytes(admin, &id, 2).await?, "word/document.xml")?;
    assert!(text.contains("Written through the connector"), "{text}");
    // The final save ended the session: the next opening edits version 2 under a new key.
    let (_, next) = env.join(admin, &id).await?;
    assert_ne!(next, joined.key);
    Ok(())
}

#[tokio::test]
async fn preview_and_view_roles_open_in_view_mode_without_a_session() -> anyhow::Result<()> {
    let env = ThreeParts::start().await?;
    let admin = &env.admin;
    let id = env
        .upload_fixture(admin, "test.docx", "Report.docx")
        .await?;
    let preview = env.page_config(admin, &id, true).await?;
    assert_eq!(preview["editorConfig"]["mode"], "view", "{preview}");
    assert!(preview["editorConfig"].get("callbackUrl").is_none());
    let key = preview["document"]["key"]
        .as_str()
        .context("key")?
        .to_owned();
    assert!(
        key.starts_with('p'),
        "a view key of the connector's own: {key}"
    );
    // The Document Server loads the document through the connector, from the drive.
    let viewer = env.ds().open(&preview).await?;
    assert_eq!(viewer.mode, "view");
    env.ds().leave(&viewer.connection)?;
    // A user with the view role gets view mode without asking; the same file, the same key.
    let bob = env.user("bob").await?;
    share_with(admin, "files", &id, "bob", "view").await?;
    let seen = env.page_config(&bob, &id, false).await?;
    assert_eq!(seen["editorConfig"]["mode"], "view");
    assert_eq!(seen["document"]["key"], key.as_str());
    // Nothing was saved, no session began.
    assert_eq!(versions(admin, &id).await?.len(), 1);
    assert!(env.ds().callbacks().iter().all(|c| c.status != 2));
    Ok(())
}

#[tokio::test]
async fn co_editors_on_two_connector_processes_share_one_key_and_one_save() -> anyhow::Result<()> {
    let env = ThreeParts::start().await?;
    let admin = &env.admin;
    let id = env
        .upload_fixture(admin, "test.docx", "Shared.docx")
        .await?;
    let bob = env.user("bob").await?;
    share_with(admin, "files", &id, "bob", "edit").await?;
    let (tab_a, key) = env.join(admin, &id).await?;
    // Bob reaches a second connector process, as behind a load balancer.
    let docs = env.emulator.base_url().to_string();
    let second_env = connector_env(&env.serve.base, &docs);
    let second = ConnectorProcess::start(env.dir.path(), free_port()?, &second_env).await?;
    let url = env
        .launch(&bob, &id, false)
        .await?
        .replace(&env.connector.base, &second.base);
    let page = http_client().get(&url).send().await?.text().await?;
    let joined = env.ds().open(&editor_config_in(&page)?).await?;
    let (tab_b, key_b) = (joined.connection, joined.key);
    assert_eq!(key, key_b, "the backend hands out one key per file version");
    env.ds().edit(&tab_a, "Typed by admin")?;
    env.ds().edit(&tab_b, "Typed by bob")?;
    env.ds().leave(&tab_a)?;
    env.ds().leave(&tab_b)?;
    env.accepted(&key, 2).await?;
    let list = versions(admin, &id).await?;
    assert_eq!(list.len(), 2, "{list:?}");
    let text = zip_part(&version_bytes(admin, &id, 2).await?, "word/document.xml")?;
    assert!(
        text.contains("Typed by admin") && text.contains("Typed by bob"),
        "{text}"
    );
    Ok(())
}

#[tokio::test]
async fn a_force_save_keeps_the_session_and_the_final_save_follows() -> anyhow::Result<()> {
    let env = ThreeParts::start().await?;
    let admin = &env.admin;
    let id = env.upload_fixture(admin, "test.docx", "Long.docx").await?;
    let (tab, key) = env.join(admin, &id).await?;
    env.ds().edit(&tab, "Saved with Ctrl+S")?;
    env.ds().save(&tab)?;
    env.accepted(&key, 6).await?;
    assert_eq!(versions(admin, &id).await?.len(), 2);
    // Someone opening the file now joins the same session, on the force-saved version.
    let bob = env.user("bob").await?;
    share_with(admin, "files", &id, "bob", "edit").await?;
    let (tab_b, same) = env.join(&bob, &id).await?;
    assert_eq!(same, key);
    env.ds().edit(&tab, "Then closed")?;
    env.ds().leave(&tab_b)?;
    env.ds().leave(&tab)?;
    env.accepted(&key, 2).await?;
    let list = versions(admin, &id).await?;
    assert_eq!(list.len(), 3, "{list:?}");
    let text = zip_part(&version_bytes(admin, &id, 3).await?, "word/document.xml")?;
    assert!(
        text.contains("Saved with Ctrl+S") && text.contains("Then closed"),
        "{text}"
    );
    Ok(())
}

#[tokio::test]
async fn a_file_changed_on_the_drive_during_editing_gets_a_conflict_copy() -> anyhow::Result<()> {
    let env = ThreeParts::start().await?;
    let admin = &env.admin;
    let id = env
        .upload_fixture(admin, "test.docx", "Budget.docx")
        .await?;
    let (tab, key) = env.join(admin, &id).await?;
    env.ds().edit(&tab, "Edited in ONLYOFFICE")?;
    admin.replace(&id, "uploaded meanwhile").await?;
    env.ds().leave(&tab)?;
    env.accepted(&key, 2).await?;
    // The upload stays the file's current version; the edit went to a copy beside it.
    let list = versions(admin, &id).await?;
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(version_bytes(admin, &id, 2).await?, b"uploaded meanwhile");
    let names = admin.child_names("root").await?;
    let copies: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("Budget (conflict "))
        .collect();
    assert_eq!(copies.len(), 1, "{names:?}");
    Ok(())
}
