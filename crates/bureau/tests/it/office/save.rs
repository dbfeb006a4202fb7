//! The save loop: open, edit, close; co-editing; force-save; closes without changes.

use super::{OfficeEnv, version_bytes, versions, zip_part};

#[tokio::test]
async fn edit_then_close_stores_version_2_written_by_x2t() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Letter.docx").await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().edit(&conn, "Typed in the emulated editor")?;
    env.ds().leave(&conn)?;
    env.accepted(&key, 2).await?;

    let list = versions(api, &id).await?;
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[0]["number"], 2);
    assert_eq!(list[0]["source"], "office_save");
    assert_eq!(list[0]["author"]["id"], api.user_id.as_str());
    let saved = version_bytes(api, &id, 2).await?;
    assert!(zip_part(&saved, "word/document.xml")?.contains("Typed in the emulated editor"));
    assert_ne!(saved, version_bytes(api, &id, 1).await?);
    env.app.stop().await
}

#[tokio::test]
async fn spreadsheets_and_presentations_save_too() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    for fixture in ["any_sheets.xlsx", "test.pptx"] {
        let id = env.upload_fixture(api, fixture, fixture).await?;
        let (conn, key) = env.join(api, &id).await?;
        env.ds().edit(&conn, "Cell or slide text 42")?;
        env.ds().leave(&conn)?;
        env.accepted(&key, 2).await?;
        let saved = version_bytes(api, &id, 2).await?;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&saved))?;
        let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
        let found = names.iter().filter(|n| n.ends_with(".xml")).any(|n| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut archive.by_name(n).expect("part"), &mut text).is_ok()
                && text.contains("Cell or slide text 42")
        });
        assert!(
            found,
            "{fixture}: the typed text is in no part of the saved file"
        );
    }
    env.app.stop().await
}

#[tokio::test]
async fn co_editors_share_one_key_and_produce_one_version() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Shared.docx").await?;
    let (a, key_a) = env.join(api, &id).await?;
    let (b, key_b) = env.join(api, &id).await?;
    assert_eq!(key_a, key_b);
    env.ds().edit(&a, "From tab A")?;
    env.ds().edit(&b, "From tab B")?;
    env.ds().leave(&a)?;
    env.ds().leave(&b)?;
    env.accepted(&key_a, 2).await?;
    let list = versions(api, &id).await?;
    assert_eq!(list.len(), 2, "{list:?}");
    let text = zip_part(&version_bytes(api, &id, 2).await?, "word/document.xml")?;
    assert!(text.contains("From tab A") && text.contains("From tab B"));
    env.app.stop().await
}

#[tokio::test]
async fn force_save_keeps_the_key_then_the_final_save_rotates_it() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env.upload_fixture(api, "test.docx", "Long.docx").await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().edit(&conn, "Before Ctrl+S")?;
    env.ds().save(&conn)?;
    env.accepted(&key, 6).await?;
    assert_eq!(versions(api, &id).await?.len(), 2);

    // Another tab opened after the force-save joins the same live session.
    let (late, late_key) = env.join(api, &id).await?;
    assert_eq!(late_key, key);
    env.ds().leave(&late)?;

    env.ds().edit(&conn, "After Ctrl+S")?;
    env.ds().leave(&conn)?;
    env.accepted(&key, 2).await?;
    let list = versions(api, &id).await?;
    assert_eq!(list.len(), 3, "{list:?}");
    assert!(
        zip_part(&version_bytes(api, &id, 3).await?, "word/document.xml")?.contains("After Ctrl+S")
    );

    let (again, new_key) = env.join(api, &id).await?;
    assert_ne!(new_key, key, "an accepted final save must rotate the key");
    env.ds().leave(&again)?;
    env.app.stop().await
}

#[tokio::test]
async fn closing_without_changes_adds_no_version() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env
        .upload_fixture(api, "test.docx", "Untouched.docx")
        .await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().leave(&conn)?;
    env.accepted(&key, 4).await?;
    assert_eq!(versions(api, &id).await?.len(), 1);
    env.app.stop().await
}

#[tokio::test]
async fn a_close_after_a_force_save_without_new_changes_adds_nothing() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    let id = env
        .upload_fixture(api, "test.docx", "Saved once.docx")
        .await?;
    let (conn, key) = env.join(api, &id).await?;
    env.ds().edit(&conn, "Only change")?;
    env.ds().save(&conn)?;
    env.accepted(&key, 6).await?;
    env.ds().leave(&conn)?;
    // Appendix A.1: status 2 with notmodified:true, not status 4.
    env.accepted(&key, 2).await?;
    let two = env.ds().wait_for_callback(&key, 2, super::WAIT).await?;
    assert_eq!(two.callback["notmodified"], true);
    assert_eq!(versions(api, &id).await?.len(), 2);
    let (again, new_key) = env.join(api, &id).await?;
    assert_ne!(new_key, key);
    env.ds().leave(&again)?;
    env.app.stop().await
}
